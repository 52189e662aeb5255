package dev.encodeflow.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The service's own upkeep of its busiest tables (see {@link TableMaintenance}). */
@ConfigMapping(prefix = "maintenance")
public interface MaintenanceConfig {

    /** Vacuum and analyze the queue's tables when they have gathered dead rows. */
    @WithDefault("true")
    boolean vacuum();

    /** How often the tables' dead rows are looked at. */
    @WithDefault("PT15S")
    Duration interval();

    /** Dead rows in one table that make it due, whatever its size. */
    @WithDefault("20000")
    long deadRows();
}
