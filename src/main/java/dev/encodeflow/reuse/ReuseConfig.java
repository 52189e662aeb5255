package dev.encodeflow.reuse;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Execution avoidance (docs/always-on.md): results reused instead of produced again. */
@ConfigMapping(prefix = "reuse")
public interface ReuseConfig {

    /** Whether probes, chunk encodes and audio encodes are looked up before they are run. */
    @WithDefault("true")
    boolean enabled();

    /** An entry nobody reused for this long is removed by the collector. */
    @WithDefault("P30D")
    Duration retention();

    /**
     * The most the store's files may take, in GiB (0: no limit): over it, the collector removes
     * the least recently used entries first.
     */
    @WithDefault("0")
    double maxStoreGb();

    /** How often the collector runs (on instances with the workers role; one at a time). */
    @WithDefault("PT1H")
    Duration collectInterval();
}
