package dev.encodeflow.planning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/**
 * How chunks are planned (docs/chunk-planning.md). {@code policy}: {@code auto} plans an asset
 * that gives no chunk length from the capacity and the source; {@code fixed} cuts it into
 * {@code media.default-chunk-seconds} chunks, as before 0.8.0.
 */
@ConfigMapping(prefix = "planning")
public interface PlanningConfig {

    enum Policy { AUTO, FIXED }

    @WithDefault("auto")
    Policy policy();

    /**
     * Slots that encode an asset's chunks at once: this instance's pool ({@code workers.slots})
     * when absent; set it to the fleet's slots when many worker instances share the queue.
     */
    OptionalInt slots();

    /** The shortest chunk worth a process, a rate-control restart and a seek. */
    @WithDefault("4")
    double minChunkSeconds();

    /** The longest chunk, so retries, progress and durability stay fine-grained on long assets. */
    @WithDefault("120")
    double maxChunkSeconds();
}
