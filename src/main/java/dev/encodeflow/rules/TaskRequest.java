package dev.encodeflow.rules;

import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;

/**
 * A task the rules ask for. {@code dedupKey} says what the task is (not when it was asked for), so
 * asking twice, from a replayed session or a second instance, enqueues it once.
 */
public record TaskRequest(TaskType type, String dedupKey, String rendition, Integer chunk, Integer generation,
        TaskSpec spec, String rule) {
}
