package dev.encodeflow.model;

/** A task that ran out of attempts (or can never succeed), with the error a person can act on. */
public record TaskFailed(TaskType taskType, String rendition, Integer chunk, Integer generation, String error) {
}
