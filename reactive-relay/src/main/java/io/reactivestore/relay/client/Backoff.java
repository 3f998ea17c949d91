package io.reactivestore.relay.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential reconnect delays with jitter: attempt n waits between half and all of min * 2^(n-1), capped at max. */
final class Backoff {

    private final long minMillis;
    private final long maxMillis;

    Backoff(Duration min, Duration max) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The delay before reconnect attempt {@code attempt} (1 for the first retry after a failure). */
    Duration delay(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long full = Math.min(maxMillis, minMillis << shift);
        if (full <= 0 || full > maxMillis) {
            full = maxMillis;
        }
        long half = full / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(full - half + 1));
    }
}
