package dev.encodeflow.worker;

import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.process.Cancellation;
import dev.encodeflow.queue.ClaimedTask;

/** What a handler gets: the claimed task, its spec, and the switch that stops its child process. */
public record TaskContext(ClaimedTask task, TaskSpec spec, Cancellation cancellation, int threads) {

    public <T extends TaskSpec> T spec(Class<T> type) {
        return type.cast(spec);
    }
}
