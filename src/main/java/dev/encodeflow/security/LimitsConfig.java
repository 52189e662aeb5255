package dev.encodeflow.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bounds on what one request can make the service do (docs/security.md). Together with the
 * request checks (sizes of bodies, fields, ladders and pages) they keep one client from turning a
 * small request into unbounded work.
 */
@ConfigMapping(prefix = "limits")
public interface LimitsConfig {

    /**
     * Shortest chunk a request may ask for (other than 0, one chunk): each chunk is a process
     * start and a task, so very short chunks multiply overhead and queue length.
     */
    @WithDefault("1.0")
    double minChunkSeconds();

    /**
     * Most chunk encodes one asset's plan may queue (chunks x renditions). An asset whose plan needs
     * more fails with the numbers, instead of filling the queue (a 2-hour source at 1 s chunks and 6
     * renditions is 43,200).
     */
    @WithDefault("50000")
    int maxTasksPerAsset();
}
