package dev.encodeflow.metrics;

import dev.encodeflow.worker.WorkerPool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** This instance's worker pool on /q/metrics: its slots, how many are busy, what it finished. */
@ApplicationScoped
public class PoolGauges {

    void register(@Observes StartupEvent event, MeterRegistry meters, WorkerPool pool) {
        Gauge.builder("encodeflow.worker.slots.busy", pool, WorkerPool::busySlots)
                .strongReference(true).description("Slots of this instance's pool occupied by running tasks").register(meters);
        Gauge.builder("encodeflow.worker.slots.busy.max", pool, WorkerPool::maxBusySlots)
                .strongReference(true).description("The most slots of this instance's pool ever occupied at once since start").register(meters);
        Gauge.builder("encodeflow.worker.slots", pool, WorkerPool::activeSlots)
                .strongReference(true).description("Slots of this instance's pool (0 where the workers role is off)").register(meters);
        FunctionCounter.builder("encodeflow.worker.tasks.finished", pool, WorkerPool::finishedCount)
                .description("Tasks this instance ran to an end since start").register(meters);
    }
}
