package dev.encodeflow.process;

/** A child process that could not start, timed out or was cancelled. */
public class ProcessFailedException extends Exception {

    private final boolean cancelled;

    public ProcessFailedException(String message, boolean cancelled) {
        super(message);
        this.cancelled = cancelled;
    }

    public boolean cancelled() {
        return cancelled;
    }
}
