package dev.encodeflow.rules;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the rules are and how they run. */
@ConfigMapping(prefix = "rules")
public interface RulesConfig {

    /** The folder of .drl files. */
    @WithDefault("rules")
    String dir();

    /**
     * Loop guard: most rule firings one evaluation may take. An asset whose rules do not settle
     * within it is quarantined (failed with an explanation) instead of spinning.
     */
    @WithDefault("200000")
    int maxFirings();

    /** Reload the folder when its files change (hot reload). */
    @WithDefault("true")
    boolean watch();

    /** How often the folder is looked at for changes. */
    @WithDefault("PT1S")
    java.time.Duration watchInterval();

    /** Most assets one evaluation transaction takes in (one commit for all of them). */
    @WithDefault("32")
    int evaluationBatch();

    /**
     * Rule sessions kept in memory between evaluations (least recently used are dropped). Size it
     * above the number of assets in progress at once: when work sweeps over more assets than fit
     * (FIFO queue), every evaluation misses and replays a whole log. A session of a 60-chunk asset
     * with its ~70 facts takes about 90 KB of heap (B3, docs/benchmarks.md).
     */
    @WithDefault("2048")
    int sessionCacheSize();
}
