package dev.encodeflow.queue;

import dev.encodeflow.model.TaskType;

/** A task to enqueue; {@code payload} is the task spec as JSON, {@code slots} its shape. */
public record NewTask(TaskType type, String dedupKey, String rendition, Integer chunk, Integer generation,
        String payload, int maxAttempts, int slots, String rule) {
}
