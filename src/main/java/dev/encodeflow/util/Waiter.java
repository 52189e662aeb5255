package dev.encodeflow.util;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loop's sleep that others can cut short. A wake that arrives while the loop is busy is kept,
 * so the next wait returns at once and no signal is lost between "found nothing" and "sleep".
 */
public final class Waiter {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean pending;

    public void wake() {
        lock.lock();
        try {
            pending = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until woken or until {@code timeout} passes; returns true when woken. */
    public boolean await(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!pending && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            boolean wasWoken = pending;
            pending = false;
            return wasWoken;
        } finally {
            lock.unlock();
        }
    }
}
