package dev.encodeflow.planning;

import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Planning;
import dev.encodeflow.model.Probe;
import dev.encodeflow.worker.Shapes;
import dev.encodeflow.worker.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * The capacity a probe records for chunk planning: the slots (configured, or this worker's pool)
 * and what one chunk encode of each codec takes at the source's size (its shape). Recorded with
 * the probe rather than read at planning time, so that a replay plans the same chunks.
 */
@ApplicationScoped
public class Capacity {

    private final PlanningConfig config;
    private final WorkerConfig workers;
    private final Shapes shapes;

    Capacity(PlanningConfig config, WorkerConfig workers, Shapes shapes) {
        this.config = config;
        this.workers = workers;
        this.shapes = shapes;
    }

    public Planning forSource(Probe probe) {
        Map<String, Integer> encodeSlots = new HashMap<>();
        for (Codec codec : Codec.values()) {
            encodeSlots.put(codec.id(), shapes.encodeSlots(codec.id(), probe.uprightWidth(), probe.uprightHeight()));
        }
        int slots = Math.max(1, config.slots().orElse(workers.effectiveSlots()));
        return new Planning(slots, encodeSlots, config.minChunkSeconds(), config.maxChunkSeconds());
    }
}
