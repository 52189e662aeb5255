package dev.encodeflow.queue;

import java.time.Duration;
import java.time.Instant;

/**
 * When a failed task may run again: exponential backoff from {@code base}, capped at {@code cap},
 * stretched by up to 25 % jitter so tasks that failed together do not retry together. Pure: the
 * random draw is a parameter.
 */
public record RetryPolicy(Duration base, Duration cap) {

    public static final double JITTER = 0.25;

    /**
     * @param attempt the attempt that just failed (1 for the first)
     * @param random a uniform draw in [0, 1)
     */
    public Instant nextRunAt(int attempt, Instant now, double random) {
        return now.plus(delay(attempt, random));
    }

    public Duration delay(int attempt, double random) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long baseMillis = base.toMillis();
        long capMillis = cap.toMillis();
        long exponential = doublings >= 62 || baseMillis > (capMillis >> doublings) ? capMillis : baseMillis << doublings;
        long capped = Math.min(exponential, capMillis);
        return Duration.ofMillis(capped + (long) (capped * JITTER * random));
    }
}
