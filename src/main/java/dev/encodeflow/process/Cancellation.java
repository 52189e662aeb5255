package dev.encodeflow.process;

/**
 * Lets another thread stop a task's work: the heartbeat cancels a task whose claim was lost, the
 * shutdown cancels what outlives its grace period. Cancelling kills the running child process.
 */
public final class Cancellation {

    private volatile String reason;
    private volatile Process process;
    private volatile Progress progress;

    /** The last progress report of the task's running ffmpeg, or null (none yet, or not an ffmpeg run). */
    public Progress progress() {
        return progress;
    }

    void report(Progress latest) {
        this.progress = latest;
    }

    public void cancel(String why) {
        synchronized (this) {
            this.reason = why;
            notifyAll();
        }
        Process current = process;
        if (current != null) {
            current.descendants().forEach(ProcessHandle::destroyForcibly);
            current.destroyForcibly();
        }
    }

    /** Waits for {@code duration} unless cancelled first (work that is not a process); true when not cancelled. */
    public synchronized boolean sleep(java.time.Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        long left;
        while (reason == null && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        return reason == null;
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
