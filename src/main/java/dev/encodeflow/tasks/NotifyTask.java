package dev.encodeflow.tasks;

import dev.encodeflow.messaging.Event;
import dev.encodeflow.messaging.EventPublisher;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.worker.TaskContext;
import dev.encodeflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * NOTIFY: publishes an asset event on the {@code asset-events} channel and succeeds once the
 * connector acknowledged it. The task queue is the outbox: an event decided by the rules is sent
 * at least once, retried like any task while the broker is unreachable, always with the id its
 * task key gives it, so consumers dedupe repeats.
 */
@ApplicationScoped
public class NotifyTask implements TaskHandler {

    static final long ACK_TIMEOUT_SECONDS = 30;

    private final EventPublisher events;

    NotifyTask(EventPublisher events) {
        this.events = events;
    }

    @Override
    public TaskType type() {
        return TaskType.NOTIFY;
    }

    @Override
    public Object run(TaskContext context) throws Exception {
        TaskSpec.Notify spec = context.spec(TaskSpec.Notify.class);
        events.publish(Event.of(context.task().assetId(), context.task().payload(), spec.event())).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return null;
    }
}
