package io.reactivestore.relay.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    @Test
    void delayDoublesPerAttemptWithinHalfAndFullJitter() {
        for (int attempt = 1; attempt <= 7; attempt++) {
            long full = 100L << (attempt - 1);
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delay(attempt).toMillis()).isBetween(full / 2, full);
            }
        }
    }

    @Test
    void delayIsCappedAtTheMaximumHoweverManyAttempts() {
        for (int attempt : new int[] {8, 20, 31, 64, Integer.MAX_VALUE}) {
            assertThat(backoff.delay(attempt).toMillis()).isBetween(5_000L, 10_000L);
        }
    }
}
