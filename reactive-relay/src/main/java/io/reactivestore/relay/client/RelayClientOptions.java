package io.reactivestore.relay.client;

import io.reactivestore.event.KeyPair;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a {@link RelayClient}; build with {@link #builder(String)}. Every buffer
 * the client keeps is bounded by one of these values, and each says what happens when it is full.
 */
public final class RelayClientOptions {

    private final URI uri;
    private final @Nullable KeyPair authKey;
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final Duration reconnectMinBackoff;
    private final Duration reconnectMaxBackoff;
    private final int maxReconnectAttempts;
    private final Duration resumeOverlap;
    private final int maxFrameBytes;
    private final int outboundQueueSize;
    private final int subscriptionBufferSize;
    private final int maxPendingRequests;
    private final boolean verifySignatures;

    private RelayClientOptions(Builder b) {
        this.uri = b.uri;
        this.authKey = b.authKey;
        this.requestTimeout = b.requestTimeout;
        this.connectTimeout = b.connectTimeout;
        this.reconnectMinBackoff = b.reconnectMinBackoff;
        this.reconnectMaxBackoff = b.reconnectMaxBackoff;
        this.maxReconnectAttempts = b.maxReconnectAttempts;
        this.resumeOverlap = b.resumeOverlap;
        this.maxFrameBytes = b.maxFrameBytes;
        this.outboundQueueSize = b.outboundQueueSize;
        this.subscriptionBufferSize = b.subscriptionBufferSize;
        this.maxPendingRequests = b.maxPendingRequests;
        this.verifySignatures = b.verifySignatures;
    }

    /**
     * A builder for the relay at {@code url} ({@code ws://} or {@code wss://}).
     *
     * @param url the URL
     * @return a new builder
     */
    public static Builder builder(String url) {
        return new Builder(URI.create(Objects.requireNonNull(url, "url")));
    }

    /** {@return the relay's WebSocket URL} */
    public URI uri() {
        return uri;
    }

    /** {@return the key that answers NIP-42 {@code AUTH} challenges, or {@code null}: challenges are then ignored} */
    public @Nullable KeyPair authKey() {
        return authKey;
    }

    /** {@return how long {@code publish} waits for {@code OK} and {@code count} for {@code COUNT}} Default 10 s. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** {@return how long one TCP connect may take} Default 10 s. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** {@return first delay before reconnecting; doubles per failed attempt (with jitter)} Default 100 ms. */
    public Duration reconnectMinBackoff() {
        return reconnectMinBackoff;
    }

    /** {@return longest delay between reconnect attempts} Default 10 s. */
    public Duration reconnectMaxBackoff() {
        return reconnectMaxBackoff;
    }

    /**
     * Reconnect attempts in a row that may fail (after the first failed connect, or after a drop)
     * before the client gives up: pending requests and subscriptions then fail with
     * {@link RelayClientException.ConnectionFailed} and the client closes. A connection that opened
     * resets the count (and the backoff) once it has stayed open for 5 s. Default
     * {@link Integer#MAX_VALUE} (never give up).
     *
     * @return reconnect attempts in a row that may fail (after the first failed connect, or after a drop) before the client gives up: pending requests and subscriptions then fail with {@link RelayClientException.ConnectionFailed} and the client closes
     */
    public int maxReconnectAttempts() {
        return maxReconnectAttempts;
    }

    /**
     * When a subscription that had passed {@code EOSE} is resent after a reconnect, its filters ask
     * for events created since the disconnect minus this overlap (for clock skew). Default 10 s.
     *
     * @return when a subscription that had passed {@code EOSE} is resent after a reconnect, its filters ask for events created since the disconnect minus this overlap (for clock skew)
     */
    public Duration resumeOverlap() {
        return resumeOverlap;
    }

    /** {@return largest WebSocket message accepted from the relay, in bytes} Default 1 MiB. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * Messages queued for sending on the connection; when full, the operation that tried to send fails
     * with {@link RelayClientException.Overflow}. Memory follows the messages queued, not this bound.
     * Default 4096.
     *
     * @return the queue's capacity in messages
     */
    public int outboundQueueSize() {
        return outboundQueueSize;
    }

    /**
     * Items buffered per subscription for a consumer that has not requested them (memory follows the
     * items held, not this bound); when full, the client sends {@code CLOSE} and the subscription fails
     * with {@link RelayClientException.Overflow} after the buffered items. With
     * {@link #verifySignatures()} on, up to 64 more items wait in the verification stage. Default 4096.
     *
     * @return the buffer's capacity in items
     */
    public int subscriptionBufferSize() {
        return subscriptionBufferSize;
    }

    /**
     * Publishes and counts awaiting their answer (each kind counted on its own); one more fails at once
     * with {@link RelayClientException.Overflow}. Default 4096.
     *
     * @return the most publishes (and, separately, counts) awaiting an answer
     */
    public int maxPendingRequests() {
        return maxPendingRequests;
    }

    /**
     * Whether events received from the relay have their id and signature checked; events that fail
     * are dropped and logged. Default {@code true}.
     *
     * @return whether events received from the relay have their id and signature checked; events that fail are dropped and logged
     */
    public boolean verifySignatures() {
        return verifySignatures;
    }

    /** A builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private @Nullable KeyPair authKey;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration reconnectMinBackoff = Duration.ofMillis(100);
        private Duration reconnectMaxBackoff = Duration.ofSeconds(10);
        private int maxReconnectAttempts = Integer.MAX_VALUE;
        private Duration resumeOverlap = Duration.ofSeconds(10);
        private int maxFrameBytes = 1024 * 1024;
        private int outboundQueueSize = 4096;
        private int subscriptionBufferSize = 4096;
        private int maxPendingRequests = 4096;
        private boolean verifySignatures = true;

        private Builder(URI uri) {
            this.uri = uri;
        }

        /**
         * See {@link RelayClientOptions#authKey()}.
         *
         * @param key the key
         * @return this builder
         */
        public Builder authKey(KeyPair key) {
            this.authKey = key;
            return this;
        }

        /**
         * See {@link RelayClientOptions#requestTimeout()}.
         *
         * @param timeout how long to wait
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * See {@link RelayClientOptions#connectTimeout()}.
         *
         * @param timeout how long to wait
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * See {@link RelayClientOptions#reconnectMinBackoff()} and {@link RelayClientOptions#reconnectMaxBackoff()}.
         *
         * @param min the first delay before reconnecting
         * @param max the longest delay, reached by doubling
         * @return this builder
         */
        public Builder reconnectBackoff(Duration min, Duration max) {
            this.reconnectMinBackoff = Objects.requireNonNull(min, "min");
            this.reconnectMaxBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        /**
         * See {@link RelayClientOptions#maxReconnectAttempts()}.
         *
         * @param attempts how many attempts
         * @return this builder
         */
        public Builder maxReconnectAttempts(int attempts) {
            this.maxReconnectAttempts = attempts;
            return this;
        }

        /**
         * See {@link RelayClientOptions#resumeOverlap()}.
         *
         * @param overlap how far before the disconnect a resumed subscription starts
         * @return this builder
         */
        public Builder resumeOverlap(Duration overlap) {
            this.resumeOverlap = Objects.requireNonNull(overlap, "overlap");
            return this;
        }

        /**
         * See {@link RelayClientOptions#maxFrameBytes()}.
         *
         * @param bytes the bytes
         * @return this builder
         */
        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        /**
         * See {@link RelayClientOptions#outboundQueueSize()}.
         *
         * @param size the size
         * @return this builder
         */
        public Builder outboundQueueSize(int size) {
            this.outboundQueueSize = size;
            return this;
        }

        /**
         * See {@link RelayClientOptions#subscriptionBufferSize()}.
         *
         * @param size the size
         * @return this builder
         */
        public Builder subscriptionBufferSize(int size) {
            this.subscriptionBufferSize = size;
            return this;
        }

        /**
         * See {@link RelayClientOptions#maxPendingRequests()}.
         *
         * @param max the most publishes (and, separately, counts) awaiting an answer
         * @return this builder
         */
        public Builder maxPendingRequests(int max) {
            this.maxPendingRequests = max;
            return this;
        }

        /**
         * See {@link RelayClientOptions#verifySignatures()}.
         *
         * @param verify whether to check each signature
         * @return this builder
         */
        public Builder verifySignatures(boolean verify) {
            this.verifySignatures = verify;
            return this;
        }

        /**
         * The options.
         *
         * @return the options
         * @throws IllegalArgumentException if the URL is not {@code ws://} or {@code wss://} with a host,
         *         a duration is not positive, the backoff bounds are reversed, or a size is below 1
         */
        public RelayClientOptions build() {
            String scheme = uri.getScheme();
            if (!("ws".equals(scheme) || "wss".equals(scheme)) || uri.getHost() == null) {
                throw new IllegalArgumentException("relay URL must be ws://host[:port][/path] or wss://..., got " + uri);
            }
            positive("requestTimeout", requestTimeout);
            positive("connectTimeout", connectTimeout);
            positive("reconnectMinBackoff", reconnectMinBackoff);
            if (reconnectMaxBackoff.compareTo(reconnectMinBackoff) < 0) {
                throw new IllegalArgumentException("reconnectMaxBackoff must be >= reconnectMinBackoff");
            }
            if (resumeOverlap.isNegative()) {
                throw new IllegalArgumentException("resumeOverlap must not be negative");
            }
            atLeastOne("maxReconnectAttempts", maxReconnectAttempts);
            atLeastOne("maxFrameBytes", maxFrameBytes);
            atLeastOne("outboundQueueSize", outboundQueueSize);
            atLeastOne("subscriptionBufferSize", subscriptionBufferSize);
            atLeastOne("maxPendingRequests", maxPendingRequests);
            return new RelayClientOptions(this);
        }

        private static void positive(String name, Duration d) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }

        private static void atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + value);
            }
        }
    }
}
