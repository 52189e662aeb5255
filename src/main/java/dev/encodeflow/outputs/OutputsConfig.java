package dev.encodeflow.outputs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long the outputs a re-encode replaced are kept (docs/always-on.md). */
@ConfigMapping(prefix = "outputs")
public interface OutputsConfig {

    /** Superseded generations kept per rendition, newest first (0: none is kept). */
    @WithDefault("2")
    int keepPrevious();

    /** A superseded generation is removed this long after it was replaced, whatever the count. */
    @WithDefault("P30D")
    Duration keepPreviousFor();

    /** How often the collector removes what the two settings above no longer keep. */
    @WithDefault("PT1H")
    Duration collectInterval();
}
