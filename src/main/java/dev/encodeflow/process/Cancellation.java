package dev.encodeflow.process;

/**
 * Lets another thread stop a task's work: the heartbeat cancels a task whose claim was lost, the
 * shutdown cancels what outlives its grace period. Cancelling kills the running child process.
 */
public final class Cancellation {

    private volatile String reason;
    private volatile Process process;

    public void cancel(String why) {
        this.reason = why;
        Process current = process;
        if (current != null) {
            current.descendants().forEach(ProcessHandle::destroyForcibly);
            current.destroyForcibly();
        }
    }

    public boolean isCancelled() {
        return reason != null;
    }

    public String reason() {
        return reason;
    }

    void attach(Process started) {
        this.process = started;
        if (reason != null) {
            started.destroyForcibly();
        }
    }

    void detach() {
        this.process = null;
    }
}
