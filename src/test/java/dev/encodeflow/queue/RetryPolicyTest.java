package dev.encodeflow.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5));

    @Test
    void backoffDoublesPerAttemptUpToTheCap() {
        assertThat(policy.delay(1, 0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delay(2, 0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delay(4, 0)).isEqualTo(Duration.ofSeconds(40));
        assertThat(policy.delay(7, 0)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.delay(1_000, 0)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void jitterStretchesByAtMostAQuarter() {
        assertThat(policy.delay(2, 0.999)).isBetween(Duration.ofSeconds(10), Duration.ofMillis(12_500));
        assertThat(policy.delay(20, 0.999)).isLessThanOrEqualTo(Duration.ofMinutes(5).multipliedBy(5).dividedBy(4));
    }

    @Test
    void theNextRunIsNowPlusTheDelay() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(policy.nextRunAt(3, now, 0)).isEqualTo(now.plusSeconds(20));
    }
}
