package dev.encodeflow.worker;

/**
 * A task failure a handler understands, with the message a person can act on. A permanent
 * failure (a corrupt or unsupported source) will fail the same way however often it is retried,
 * so it is dead-lettered at once instead of burning the remaining attempts.
 */
public class TaskFailure extends Exception {

    private final boolean permanent;

    public TaskFailure(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public static TaskFailure retryable(String message) {
        return new TaskFailure(message, false);
    }

    public static TaskFailure permanent(String message) {
        return new TaskFailure(message, true);
    }

    public boolean permanent() {
        return permanent;
    }
}
