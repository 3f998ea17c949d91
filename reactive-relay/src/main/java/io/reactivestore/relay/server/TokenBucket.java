package io.reactivestore.relay.server;

/**
 * A token bucket: {@code ratePerSecond} tokens refill a bucket holding at most {@code burst}; each
 * message takes one. Thread-safe. Time comes from {@link System#nanoTime()}.
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastRefill;

    TokenBucket(double ratePerSecond, int burst) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastRefill = System.nanoTime();
    }

    /** Takes one token if there is one. */
    synchronized boolean tryTake() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastRefill) * ratePerNano);
        lastRefill = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
