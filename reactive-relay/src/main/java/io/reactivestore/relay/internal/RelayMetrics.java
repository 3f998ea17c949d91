package io.reactivestore.relay.internal;

import java.util.function.DoubleSupplier;

/**
 * What the relay reports about itself. {@link #NONE}, the default, does nothing: its methods are empty and
 * {@link #now()} returns 0, so a relay without a meter registry pays an empty (inlined) call per event and no
 * clock read. {@link MicrometerRelayMetrics} records into a Micrometer registry. Every method is thread-safe
 * and never blocks; none may throw.
 */
public interface RelayMetrics {

    /** Records nothing. */
    RelayMetrics NONE = new RelayMetrics() {
    };

    /**
     * {@return a start time for a latency: {@link System#nanoTime()}, or 0 when latencies are not recorded}
     */
    default long now() {
        return 0;
    }

    /**
     * Registers a value read when the metrics are collected (connections, subscriptions, queue depths).
     *
     * @param name        the meter name, dot-separated ({@code relay.connections})
     * @param description what it measures
     * @param value       read on the collecting thread: must be cheap and thread-safe
     */
    default void gauge(String name, String description, DoubleSupplier value) {
    }

    /**
     * An {@code EVENT} was answered.
     *
     * @param start    what {@link #now()} returned when it arrived
     * @param accepted the {@code OK}'s flag
     */
    default void eventAnswered(long start, boolean accepted) {
    }

    /**
     * A {@code REQ}'s stored events were all sent ({@code EOSE}).
     *
     * @param start what {@link #now()} returned when it arrived
     */
    default void storedAnswered(long start) {
    }

    /** A live event was queued for a subscriber. */
    default void liveDelivered() {
    }

    /** A client read too slowly and its connection is being closed. */
    default void slowReaderClosed() {
    }

    /**
     * A refusal was sent to a client.
     *
     * @param message the relay message carrying it: {@code OK}, {@code CLOSED} or {@code NOTICE}
     * @param text    its text, starting with a NIP-01 prefix ({@code blocked: ...})
     */
    default void rejected(String message, String text) {
    }
}
