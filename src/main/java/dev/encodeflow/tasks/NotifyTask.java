package dev.encodeflow.tasks;

import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.worker.TaskContext;
import dev.encodeflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * NOTIFY: publishes an asset event on the {@code asset-events} channel and succeeds once the
 * connector acknowledged it. The task queue is the outbox: an event decided by the rules is sent
 * at least once, retried like any task while the broker is unreachable.
 */
@ApplicationScoped
public class NotifyTask implements TaskHandler {

    static final long ACK_TIMEOUT_SECONDS = 30;

    private final Emitter<TaskSpec.AssetEvent> events;

    NotifyTask(@Channel("asset-events") Emitter<TaskSpec.AssetEvent> events) {
        this.events = events;
    }

    @Override
    public TaskType type() {
        return TaskType.NOTIFY;
    }

    @Override
    public Object run(TaskContext context) throws Exception {
        TaskSpec.Notify spec = context.spec(TaskSpec.Notify.class);
        events.send(spec.event()).toCompletableFuture().get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return null;
    }
}
