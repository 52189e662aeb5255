package dev.encodeflow.queue;

/**
 * The task state machine (drawn in docs/architecture.md, enforced by a trigger in the schema):
 * QUEUED -> RUNNING -> SUCCEEDED | FAILED (retry later) | DEAD (no attempts left);
 * FAILED -> QUEUED once its backoff elapses; anything open -> CANCELLED.
 */
public enum TaskState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, DEAD, CANCELLED
}
