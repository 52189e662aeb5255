package dev.encodeflow.api;

import dev.encodeflow.model.TaskType;
import dev.encodeflow.queue.TaskEntity;
import dev.encodeflow.queue.TaskState;
import java.time.Instant;

/** A task as the ops API shows it: what it is, where it stands, and which rule asked for it. */
public record TaskView(long id, TaskType type, TaskState state, int priority, int attempts, int maxAttempts,
        String rendition, Integer chunk, Integer generation, String rule, String ruleSetVersion, Instant createdAt,
        Instant startedAt, Instant finishedAt, String error, Double cpuSeconds) {

    static TaskView of(TaskEntity task) {
        return new TaskView(task.id, task.type, task.state, task.priority, task.attempts, task.maxAttempts,
                task.rendition, task.chunk, task.generation, task.rule, task.ruleSetVersion, task.createdAt,
                task.startedAt, task.finishedAt, task.error, task.cpuSeconds);
    }
}
