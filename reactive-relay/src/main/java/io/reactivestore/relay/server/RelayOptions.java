package io.reactivestore.relay.server;

import io.reactivestore.relay.policy.EventPolicy;
import io.reactivestore.relay.policy.FilterPolicy;

import io.micrometer.core.instrument.MeterRegistry;
import io.reactivestore.event.Event;
import io.reactivestore.relay.internal.MicrometerRelayMetrics;
import io.reactivestore.relay.internal.RelayMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Everything a {@link NostrRelay} can be configured with: where it listens, what it tells clients
 * (NIP-11), its limits, its policies and hooks. Immutable; built with {@link #builder()}, whose
 * {@link Builder#build()} validates every value. Every limit is advertised in the NIP-11 document.
 *
 * <p>Rate limits are token buckets: {@code rate} tokens per second refill a bucket of {@code burst}
 * tokens; a rate of 0 means "no limit". Events and requests ({@code REQ}, {@code COUNT}) have separate
 * buckets, each per connection and per client IP address.
 */
public final class RelayOptions {

    private final String host;
    private final int port;
    private final @Nullable String publicUrl;
    private final String name;
    private final String description;
    private final @Nullable String adminPubkey;
    private final @Nullable String contact;
    private final int maxMessageBytes;
    private final int maxSubscriptions;
    private final int maxFiltersPerRequest;
    private final int maxLimit;
    private final int defaultLimit;
    private final int maxEventTags;
    private final int maxContentLength;
    private final @Nullable Duration createdAtPast;
    private final Duration createdAtFuture;
    private final int minPowDifficulty;
    private final double eventsPerSecondPerConnection;
    private final double eventsPerSecondPerIp;
    private final double requestsPerSecondPerConnection;
    private final double requestsPerSecondPerIp;
    private final int rateBurst;
    private final int maxConnections;
    private final int maxOutboundMessages;
    private final int maxEventsInFlight;
    private final boolean authRequiredForReads;
    private final boolean authRequiredForWrites;
    private final List<EventPolicy> eventPolicies;
    private final List<FilterPolicy> filterPolicies;
    private final List<SessionListener> onConnect;
    private final List<SessionListener> onDisconnect;
    private final List<SavedEventListener> onEventSaved;
    private final List<Consumer<Event>> onEphemeralEvent;
    private final Flux<Event> externalEvents;
    private final List<HttpRoutes> httpRoutes;
    private final List<Supplier<Map<String, Object>>> informationOverlays;
    private final boolean hasExternalEvents;
    private final @Nullable String clusterNode;
    private final Duration expirationPurgeInterval;
    private final Duration shutdownTimeout;
    private final Duration slowReaderGrace;
    private final boolean closeStoreOnShutdown;
    private final Clock clock;
    private final int maxConnectionsPerAddress;
    private final int maxSubscriptionsPerAddress;
    private final List<String> trustedProxies;
    private final Duration handshakeTimeout;
    private final Duration pingInterval;
    private final Duration idleTimeout;
    private final Duration httpIdleTimeout;
    private final long maxOutboundBytes;
    private final int maxLiveBacklog;
    private final int maxNegentropySessions;
    private final int negentropyFrameSizeLimit;
    private final int maxNegentropyRecords;
    private final int maxNegentropySessionsTotal;
    private final Duration negentropyIdleTimeout;
    private final RelayMetrics metrics;

    private RelayOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.publicUrl = b.publicUrl;
        this.name = b.name;
        this.description = b.description;
        this.adminPubkey = b.adminPubkey;
        this.contact = b.contact;
        this.maxMessageBytes = b.maxMessageBytes;
        this.maxSubscriptions = b.maxSubscriptions;
        this.maxFiltersPerRequest = b.maxFiltersPerRequest;
        this.maxLimit = b.maxLimit;
        this.defaultLimit = b.defaultLimit;
        this.maxEventTags = b.maxEventTags;
        this.maxContentLength = b.maxContentLength;
        this.createdAtPast = b.createdAtPast;
        this.createdAtFuture = b.createdAtFuture;
        this.minPowDifficulty = b.minPowDifficulty;
        this.eventsPerSecondPerConnection = b.eventsPerSecondPerConnection;
        this.eventsPerSecondPerIp = b.eventsPerSecondPerIp;
        this.requestsPerSecondPerConnection = b.requestsPerSecondPerConnection;
        this.requestsPerSecondPerIp = b.requestsPerSecondPerIp;
        this.rateBurst = b.rateBurst;
        this.maxConnections = b.maxConnections;
        this.maxOutboundMessages = b.maxOutboundMessages;
        this.maxEventsInFlight = b.maxEventsInFlight;
        this.authRequiredForReads = b.authRequiredForReads;
        this.authRequiredForWrites = b.authRequiredForWrites;
        this.eventPolicies = List.copyOf(b.eventPolicies);
        this.filterPolicies = List.copyOf(b.filterPolicies);
        this.onConnect = List.copyOf(b.onConnect);
        this.onDisconnect = List.copyOf(b.onDisconnect);
        this.onEventSaved = List.copyOf(b.onEventSaved);
        this.onEphemeralEvent = List.copyOf(b.onEphemeralEvent);
        this.externalEvents = b.externalEvents;
        this.httpRoutes = List.copyOf(b.httpRoutes);
        this.informationOverlays = List.copyOf(b.informationOverlays);
        this.hasExternalEvents = b.hasExternalEvents;
        this.clusterNode = b.clusterNode;
        this.expirationPurgeInterval = b.expirationPurgeInterval;
        this.shutdownTimeout = b.shutdownTimeout;
        this.slowReaderGrace = b.slowReaderGrace;
        this.closeStoreOnShutdown = b.closeStoreOnShutdown;
        this.clock = b.clock;
        this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
        this.maxSubscriptionsPerAddress = b.maxSubscriptionsPerAddress;
        this.trustedProxies = List.copyOf(b.trustedProxies);
        this.handshakeTimeout = b.handshakeTimeout;
        this.pingInterval = b.pingInterval;
        this.idleTimeout = b.idleTimeout;
        this.httpIdleTimeout = b.httpIdleTimeout;
        this.maxOutboundBytes = b.maxOutboundBytes;
        this.maxLiveBacklog = b.maxLiveBacklog;
        this.maxNegentropySessions = b.maxNegentropySessions;
        this.negentropyFrameSizeLimit = b.negentropyFrameSizeLimit;
        this.maxNegentropyRecords = b.maxNegentropyRecords;
        this.maxNegentropySessionsTotal = b.maxNegentropySessionsTotal;
        this.negentropyIdleTimeout = b.negentropyIdleTimeout;
        this.metrics = b.metrics;
    }

    /** {@return a builder with the defaults documented on each setter} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Defaults only: loopback, port 7777.
     *
     * @return options with every default
     */
    public static RelayOptions defaults() {
        return builder().build();
    }

    /** {@return the value set by {@link Builder#host}} */
    public String host() {
        return host;
    }

    /** {@return the value set by {@link Builder#port}} */
    public int port() {
        return port;
    }

    /**
     * {@return the URL clients use (NIP-42 {@code relay} tag check), or {@code null} to derive it from host and port}
     */
    public @Nullable String publicUrl() {
        return publicUrl;
    }

    /** {@return the value set by {@link Builder#name}} */
    public String name() {
        return name;
    }

    /** {@return the value set by {@link Builder#description}} */
    public String description() {
        return description;
    }

    /** {@return the value set by {@link Builder#adminPubkey}} */
    public @Nullable String adminPubkey() {
        return adminPubkey;
    }

    /** {@return the value set by {@link Builder#contact}} */
    public @Nullable String contact() {
        return contact;
    }

    /** {@return the value set by {@link Builder#maxMessageBytes}} */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** {@return the value set by {@link Builder#maxSubscriptions}} */
    public int maxSubscriptions() {
        return maxSubscriptions;
    }

    /** {@return the value set by {@link Builder#maxFiltersPerRequest}} */
    public int maxFiltersPerRequest() {
        return maxFiltersPerRequest;
    }

    /** {@return the value set by {@link Builder#maxLimit}} */
    public int maxLimit() {
        return maxLimit;
    }

    /** {@return the value set by {@link Builder#defaultLimit}} */
    public int defaultLimit() {
        return defaultLimit;
    }

    /** {@return the value set by {@link Builder#maxEventTags}} */
    public int maxEventTags() {
        return maxEventTags;
    }

    /** {@return the value set by {@link Builder#maxContentLength}} */
    public int maxContentLength() {
        return maxContentLength;
    }

    /** {@return how far in the past {@code created_at} may be, or {@code null} for no limit} */
    public @Nullable Duration createdAtPast() {
        return createdAtPast;
    }

    /** {@return how far in the future {@code created_at} may be, or {@code null} for no limit} */
    public Duration createdAtFuture() {
        return createdAtFuture;
    }

    /** {@return the value set by {@link Builder#minPowDifficulty}} */
    public int minPowDifficulty() {
        return minPowDifficulty;
    }

    /** {@return the value set by {@link Builder#eventsPerSecondPerConnection}} */
    public double eventsPerSecondPerConnection() {
        return eventsPerSecondPerConnection;
    }

    /** {@return the value set by {@link Builder#eventsPerSecondPerIp}} */
    public double eventsPerSecondPerIp() {
        return eventsPerSecondPerIp;
    }

    /** {@return the value set by {@link Builder#requestsPerSecondPerConnection}} */
    public double requestsPerSecondPerConnection() {
        return requestsPerSecondPerConnection;
    }

    /** {@return the value set by {@link Builder#requestsPerSecondPerIp}} */
    public double requestsPerSecondPerIp() {
        return requestsPerSecondPerIp;
    }

    /** {@return the value set by {@link Builder#rateBurst}} */
    public int rateBurst() {
        return rateBurst;
    }

    /** {@return the value set by {@link Builder#maxConnections}} */
    public int maxConnections() {
        return maxConnections;
    }

    /** {@return the value set by {@link Builder#maxOutboundMessages}} */
    public int maxOutboundMessages() {
        return maxOutboundMessages;
    }

    /** {@return the value set by {@link Builder#maxEventsInFlight}} */
    public int maxEventsInFlight() {
        return maxEventsInFlight;
    }

    /** {@return the value set by {@link Builder#authRequiredForReads}} */
    public boolean authRequiredForReads() {
        return authRequiredForReads;
    }

    /** {@return the value set by {@link Builder#authRequiredForWrites}} */
    public boolean authRequiredForWrites() {
        return authRequiredForWrites;
    }

    /** {@return the event policies, in the order they run} */
    public List<EventPolicy> eventPolicies() {
        return eventPolicies;
    }

    /** {@return the filter policies, in the order they run} */
    public List<FilterPolicy> filterPolicies() {
        return filterPolicies;
    }

    /** {@return the value set by {@link Builder#onConnect}} */
    public List<SessionListener> onConnect() {
        return onConnect;
    }

    /** {@return the value set by {@link Builder#onDisconnect}} */
    public List<SessionListener> onDisconnect() {
        return onDisconnect;
    }

    /** {@return the listeners added by {@link Builder#onEphemeralEvent}} */
    public List<Consumer<Event>> onEphemeralEvent() {
        return onEphemeralEvent;
    }

    /** {@return the value set by {@link Builder#onEventSaved}} */
    public List<SavedEventListener> onEventSaved() {
        return onEventSaved;
    }

    /** {@return the value set by {@link Builder#externalEvents}} */
    public Flux<Event> externalEvents() {
        return externalEvents;
    }

    /** {@return the HTTP extensions added by {@link Builder#httpRoutes}, in the order they are asked} */
    public List<HttpRoutes> httpRoutes() {
        return httpRoutes;
    }

    /** {@return the NIP-11 overlays added by {@link Builder#informationOverlay}, in the order they apply} */
    public List<Supplier<Map<String, Object>>> informationOverlays() {
        return informationOverlays;
    }

    /** Whether {@link Builder#externalEvents} was set (live subscriptions then guard against late copies). */
    boolean hasExternalEvents() {
        return hasExternalEvents;
    }

    /** {@return the node name set by {@link Builder#clusterNode}, empty when this relay is not a cluster node} */
    public java.util.Optional<String> clusterNode() {
        return java.util.Optional.ofNullable(clusterNode);
    }

    /** {@return the value set by {@link Builder#expirationPurgeInterval}} */
    public Duration expirationPurgeInterval() {
        return expirationPurgeInterval;
    }

    /** {@return the value set by {@link Builder#shutdownTimeout}} */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** {@return the value set by {@link Builder#slowReaderGrace}} */
    public Duration slowReaderGrace() {
        return slowReaderGrace;
    }

    /** {@return the value set by {@link Builder#closeStoreOnShutdown}} */
    public boolean closeStoreOnShutdown() {
        return closeStoreOnShutdown;
    }

    /** {@return the value set by {@link Builder#clock}} */
    public Clock clock() {
        return clock;
    }

    /**
     * Open TCP connections from one client address (an IPv6 client's /64), pending handshakes included;
     * the next one is answered HTTP 429 and closed.
     *
     * @return the per-address connection budget
     */
    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    /**
     * Open subscriptions of one client address across all its connections.
     *
     * @return the per-address subscription budget
     */
    public int maxSubscriptionsPerAddress() {
        return maxSubscriptionsPerAddress;
    }

    /**
     * Addresses or CIDR blocks of reverse proxies whose {@code X-Forwarded-For} / {@code X-Real-IP}
     * headers name the client; every other peer is the client itself.
     *
     * @return the trusted proxies, as configured
     */
    public List<String> trustedProxies() {
        return trustedProxies;
    }

    /**
     * How long a TCP connection may take to become a WebSocket before it is closed.
     *
     * @return the handshake timeout
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * How often an open WebSocket is pinged; a connection that sent nothing (no pong, no message) during
     * one interval after a ping is closed. {@link Duration#ZERO} sends no pings.
     *
     * @return the ping interval
     */
    public Duration pingInterval() {
        return pingInterval;
    }

    /**
     * How long a WebSocket with no open subscription may stay silent before it is closed;
     * {@link Duration#ZERO} keeps it open.
     *
     * @return the idle timeout
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * How long a kept-alive HTTP connection (Blossom, NIP-11, NIP-86 and other {@link #httpRoutes()}) may wait
     * for its next request before the server closes it; {@link Duration#ZERO} keeps it open. WebSockets are
     * not affected ({@link #idleTimeout()} is theirs).
     *
     * @return the HTTP keep-alive idle timeout
     */
    public Duration httpIdleTimeout() {
        return httpIdleTimeout;
    }

    /**
     * Bytes of live events and answers waiting to be written to one client before it counts as a slow
     * reader (like {@link #maxOutboundMessages()}, whichever is reached first).
     *
     * @return the per-connection outbound byte budget
     */
    public long maxOutboundBytes() {
        return maxOutboundBytes;
    }

    /**
     * Stored events waiting for their live fan-out before new {@code EVENT}s are refused with
     * {@code rate-limited:}.
     *
     * @return the live fan-out backlog budget
     */
    public int maxLiveBacklog() {
        return maxLiveBacklog;
    }

    /** {@return the value set by {@link Builder#maxNegentropySessions}} */
    public int maxNegentropySessions() {
        return maxNegentropySessions;
    }

    /** {@return the value set by {@link Builder#negentropyFrameSizeLimit}} */
    public int negentropyFrameSizeLimit() {
        return negentropyFrameSizeLimit;
    }

    /** {@return the value set by {@link Builder#maxNegentropyRecords}} */
    public int maxNegentropyRecords() {
        return maxNegentropyRecords;
    }

    /** {@return the value set by {@link Builder#maxNegentropySessionsTotal}} */
    public int maxNegentropySessionsTotal() {
        return maxNegentropySessionsTotal;
    }

    /** {@return the value set by {@link Builder#negentropyIdleTimeout}} */
    public Duration negentropyIdleTimeout() {
        return negentropyIdleTimeout;
    }

    /** The relay's metrics: {@link RelayMetrics#NONE} unless a meter registry was given. */
    RelayMetrics metrics() {
        return metrics;
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 7777;
        private @Nullable String publicUrl;
        private String name = "reactive-store relay";
        private String description = "A Nostr relay built on reactive-store.";
        private @Nullable String adminPubkey;
        private @Nullable String contact;
        private int maxMessageBytes = 128 * 1024;
        private int maxSubscriptions = 20;
        private int maxFiltersPerRequest = 10;
        private int maxLimit = 500;
        private int defaultLimit = 500;
        private int maxEventTags = 2000;
        private int maxContentLength = 64 * 1024;
        private @Nullable Duration createdAtPast;
        private Duration createdAtFuture = Duration.ofMinutes(15);
        private int minPowDifficulty;
        private double eventsPerSecondPerConnection;
        private double eventsPerSecondPerIp = 20;
        private double requestsPerSecondPerConnection;
        private double requestsPerSecondPerIp = 50;
        private int rateBurst = 100;
        private int maxConnections = 10_000;
        private int maxOutboundMessages = 1000;
        private int maxEventsInFlight = 64;
        private boolean authRequiredForReads;
        private boolean authRequiredForWrites;
        private final List<EventPolicy> eventPolicies = new ArrayList<>();
        private final List<FilterPolicy> filterPolicies = new ArrayList<>();
        private final List<SessionListener> onConnect = new ArrayList<>();
        private final List<SessionListener> onDisconnect = new ArrayList<>();
        private final List<SavedEventListener> onEventSaved = new ArrayList<>();
        private final List<Consumer<Event>> onEphemeralEvent = new ArrayList<>();
        private Flux<Event> externalEvents = Flux.never();
        private final List<HttpRoutes> httpRoutes = new ArrayList<>();
        private final List<Supplier<Map<String, Object>>> informationOverlays = new ArrayList<>();
        private boolean hasExternalEvents;
        private @Nullable String clusterNode;
        private Duration expirationPurgeInterval = Duration.ofHours(1);
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private Duration slowReaderGrace = Duration.ofSeconds(10);
        private boolean closeStoreOnShutdown = true;
        private Clock clock = Clock.systemUTC();
        private int maxConnectionsPerAddress = 100;
        private int maxSubscriptionsPerAddress = 500;
        private final List<String> trustedProxies = new ArrayList<>();
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ZERO;
        private Duration httpIdleTimeout = Duration.ofSeconds(60);
        private long maxOutboundBytes = 8L << 20;
        private int maxLiveBacklog = 10_000;
        private int maxNegentropySessions = 4;
        private int negentropyFrameSizeLimit = 60_000;
        private int maxNegentropyRecords = 1_000_000;
        private int maxNegentropySessionsTotal = 16;
        private Duration negentropyIdleTimeout = Duration.ofSeconds(60);
        private RelayMetrics metrics = RelayMetrics.NONE;

        private Builder() {
        }

        /**
         * Address to bind; default {@code 127.0.0.1} (loopback only). Use {@code 0.0.0.0} to serve every interface.
         *
         * @param value address to bind; default {@code 127.0.0.1} (loopback only)
         * @return this builder
         */
        public Builder host(String value) {
            host = Objects.requireNonNull(value, "host");
            return this;
        }

        /**
         * Port to bind; default 7777; 0 picks a free port.
         *
         * @param value port to bind; default 7777; 0 picks a free port
         * @return this builder
         */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /**
         * The URL clients connect to, checked against NIP-42 {@code relay} tags; default {@code ws://host:port/}.
         *
         * @param value the URL clients connect to, checked against NIP-42 {@code relay} tags; default {@code ws://host:port/}
         * @return this builder
         */
        public Builder publicUrl(@Nullable String value) {
            publicUrl = value;
            return this;
        }

        /**
         * NIP-11 {@code name}.
         *
         * @param value NIP-11 {@code name}
         * @return this builder
         */
        public Builder name(String value) {
            name = Objects.requireNonNull(value, "name");
            return this;
        }

        /**
         * NIP-11 {@code description}.
         *
         * @param value NIP-11 {@code description}
         * @return this builder
         */
        public Builder description(String value) {
            description = Objects.requireNonNull(value, "description");
            return this;
        }

        /**
         * NIP-11 {@code pubkey} of the administrator; default none.
         *
         * @param value NIP-11 {@code pubkey} of the administrator; default none
         * @return this builder
         */
        public Builder adminPubkey(@Nullable String value) {
            adminPubkey = value;
            return this;
        }

        /**
         * NIP-11 {@code contact}; default none.
         *
         * @param value NIP-11 {@code contact}; default none
         * @return this builder
         */
        public Builder contact(@Nullable String value) {
            contact = value;
            return this;
        }

        /**
         * Largest WebSocket message accepted, in bytes (NIP-11 {@code max_message_length}); default 131072. Larger messages close the connection with status 1009.
         *
         * @param value largest WebSocket message accepted, in bytes (NIP-11 {@code max_message_length}); default 131072
         * @return this builder
         */
        public Builder maxMessageBytes(int value) {
            maxMessageBytes = value;
            return this;
        }

        /**
         * Concurrent NIP-77 negentropy sessions per connection ({@code max_negentropy_sessions} in NIP-11);
         * default 4. A {@code NEG-OPEN} beyond it is answered {@code NEG-ERR "blocked: ..."}. Each open
         * session holds its records, 40 bytes each (see {@link #maxNegentropyRecords(int)}).
         *
         * @param value sessions per connection, at least 1
         * @return this builder
         */
        public Builder maxNegentropySessions(int value) {
            maxNegentropySessions = value;
            return this;
        }

        /**
         * The largest negentropy message, in binary bytes (twice that in hex on the wire), that the relay
         * writes and accepts ({@code negentropy_frame_size_limit} in NIP-11); default 60000, at least 4096.
         * A {@code NEG-OPEN} or {@code NEG-MSG} with a longer message is answered {@code NEG-ERR "blocked: ..."}.
         * Keep twice this plus 200 below {@link #maxMessageBytes(int)}.
         *
         * @param value the limit in bytes
         * @return this builder
         */
        public Builder negentropyFrameSizeLimit(int value) {
            negentropyFrameSizeLimit = value;
            return this;
        }

        /**
         * Records (events matching a {@code NEG-OPEN} filter) one negentropy session may hold
         * ({@code max_negentropy_records} in NIP-11); default 1,000,000 (40 MB). A filter matching more is
         * answered {@code NEG-ERR "blocked: ..."}.
         *
         * @param value the cap, at least 1
         * @return this builder
         */
        public Builder maxNegentropyRecords(int value) {
            maxNegentropyRecords = value;
            return this;
        }

        /**
         * Concurrent NIP-77 negentropy sessions over all connections ({@code max_negentropy_sessions_total}
         * in NIP-11); default 16, so at most 16 x {@link #maxNegentropyRecords(int)} records (640 MB at the
         * defaults) are held at once. A {@code NEG-OPEN} beyond it is answered
         * {@code NEG-ERR "blocked: ..."}; the connection stays open.
         *
         * @param value sessions over the whole relay, at least 1
         * @return this builder
         */
        public Builder maxNegentropySessionsTotal(int value) {
            maxNegentropySessionsTotal = value;
            return this;
        }

        /**
         * How long a negentropy session may wait for the client's next {@code NEG-MSG} after the relay's
         * answer ({@code negentropy_idle_timeout_seconds} in NIP-11); default 60 s. An idle session is closed
         * with {@code NEG-ERR "closed: ..."} and its records are freed; the connection stays open.
         *
         * @param value the timeout, at least one second
         * @return this builder
         */
        public Builder negentropyIdleTimeout(Duration value) {
            negentropyIdleTimeout = Objects.requireNonNull(value, "negentropyIdleTimeout");
            return this;
        }

        /**
         * Open subscriptions per connection ({@code max_subscriptions}); default 20.
         *
         * @param value open subscriptions per connection ({@code max_subscriptions}); default 20
         * @return this builder
         */
        public Builder maxSubscriptions(int value) {
            maxSubscriptions = value;
            return this;
        }

        /**
         * Filters in one {@code REQ} or {@code COUNT}; default 10.
         *
         * @param value filters in one {@code REQ} or {@code COUNT}; default 10
         * @return this builder
         */
        public Builder maxFiltersPerRequest(int value) {
            maxFiltersPerRequest = value;
            return this;
        }

        /**
         * Each filter's {@code limit} is clamped to this ({@code max_limit}); default 500.
         *
         * @param value each filter's {@code limit} is clamped to this ({@code max_limit}); default 500
         * @return this builder
         */
        public Builder maxLimit(int value) {
            maxLimit = value;
            return this;
        }

        /**
         * The limit of a filter that has none ({@code default_limit}); default 500.
         *
         * @param value the limit of a filter that has none ({@code default_limit}); default 500
         * @return this builder
         */
        public Builder defaultLimit(int value) {
            defaultLimit = value;
            return this;
        }

        /**
         * Tags per event ({@code max_event_tags}); default 2000.
         *
         * @param value tags per event ({@code max_event_tags}); default 2000
         * @return this builder
         */
        public Builder maxEventTags(int value) {
            maxEventTags = value;
            return this;
        }

        /**
         * Characters of {@code content} ({@code max_content_length}); default 65536.
         *
         * @param value characters of {@code content} ({@code max_content_length}); default 65536
         * @return this builder
         */
        public Builder maxContentLength(int value) {
            maxContentLength = value;
            return this;
        }

        /**
         * Oldest accepted {@code created_at} relative to now ({@code created_at_lower_limit}); default none.
         *
         * @param value oldest accepted {@code created_at} relative to now ({@code created_at_lower_limit}); default none
         * @return this builder
         */
        public Builder createdAtPast(@Nullable Duration value) {
            createdAtPast = value;
            return this;
        }

        /**
         * Newest accepted {@code created_at} relative to now ({@code created_at_upper_limit}); default 15 minutes.
         *
         * @param value newest accepted {@code created_at} relative to now ({@code created_at_upper_limit}); default 15 minutes
         * @return this builder
         */
        public Builder createdAtFuture(Duration value) {
            createdAtFuture = value;
            return this;
        }

        /**
         * NIP-13 difficulty every event must reach ({@code min_pow_difficulty}); default 0 (none).
         *
         * @param value NIP-13 difficulty every event must reach ({@code min_pow_difficulty}); default 0 (none)
         * @return this builder
         */
        public Builder minPowDifficulty(int value) {
            minPowDifficulty = value;
            return this;
        }

        /**
         * Events per second per connection; default 0 (no limit).
         *
         * @param value events per second per connection; default 0 (no limit)
         * @return this builder
         */
        public Builder eventsPerSecondPerConnection(double value) {
            eventsPerSecondPerConnection = value;
            return this;
        }

        /**
         * Events per second per client address (an IPv6 client's /64); default 20, 0 means no limit.
         *
         * @param value events per second per client address; 0 for no limit
         * @return this builder
         */
        public Builder eventsPerSecondPerIp(double value) {
            eventsPerSecondPerIp = value;
            return this;
        }

        /**
         * {@code REQ} and {@code COUNT} messages per second per connection; default 0 (no limit).
         *
         * @param value {@code REQ} and {@code COUNT} messages per second per connection; default 0 (no limit)
         * @return this builder
         */
        public Builder requestsPerSecondPerConnection(double value) {
            requestsPerSecondPerConnection = value;
            return this;
        }

        /**
         * {@code REQ} and {@code COUNT} messages per second per client address (an IPv6 client's /64);
         * default 50, 0 means no limit.
         *
         * @param value requests per second per client address; 0 for no limit
         * @return this builder
         */
        public Builder requestsPerSecondPerIp(double value) {
            requestsPerSecondPerIp = value;
            return this;
        }

        /**
         * Size of every rate-limit bucket: how many messages may come at once; default 100.
         *
         * @param value size of every rate-limit bucket: how many messages may come at once; default 100
         * @return this builder
         */
        public Builder rateBurst(int value) {
            rateBurst = value;
            return this;
        }

        /**
         * Open TCP connections of the whole relay, pending handshakes included; further ones get HTTP 503
         * and are closed. Default 10000; the relay lowers it to what its file descriptor limit allows.
         *
         * @param value open TCP connections of the whole relay
         * @return this builder
         */
        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        /**
         * Messages waiting to be written to one client (live events, OK, CLOSED, NOTICE); default 1000.
         * When a reader is so slow that this fills up, the relay sends a NOTICE saying so and closes the
         * connection. Stored results of a {@code REQ} do not count: they are read from the store only as
         * the client takes them.
         *
         * @param value messages waiting to be written to one client (live events, OK, CLOSED, NOTICE); default 1000
         * @return this builder
         */
        public Builder maxOutboundMessages(int value) {
            maxOutboundMessages = value;
            return this;
        }

        /**
         * {@code EVENT}s of one connection being verified and stored at once; further input waits (backpressure). Default 64.
         *
         * @param value {@code EVENT}s of one connection being verified and stored at once; further input waits (backpressure)
         * @return this builder
         */
        public Builder maxEventsInFlight(int value) {
            maxEventsInFlight = value;
            return this;
        }

        /**
         * Whether {@code REQ} and {@code COUNT} need NIP-42 authentication first; default false.
         *
         * @param value whether {@code REQ} and {@code COUNT} need NIP-42 authentication first; default false
         * @return this builder
         */
        public Builder authRequiredForReads(boolean value) {
            authRequiredForReads = value;
            return this;
        }

        /**
         * Whether {@code EVENT} needs NIP-42 authentication as the event's author; default false.
         *
         * @param value whether {@code EVENT} needs NIP-42 authentication as the event's author; default false
         * @return this builder
         */
        public Builder authRequiredForWrites(boolean value) {
            authRequiredForWrites = value;
            return this;
        }

        /**
         * Adds an event policy, run after the built-in checks and the policies added before it.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder rejectEvent(EventPolicy policy) {
            eventPolicies.add(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /**
         * Adds a filter policy, run after the built-in checks and the policies added before it.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder rejectFilter(FilterPolicy policy) {
            filterPolicies.add(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /**
         * Adds a listener told of every new connection.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder onConnect(SessionListener listener) {
            onConnect.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Adds a listener told of every closed connection.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder onDisconnect(SessionListener listener) {
            onDisconnect.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Adds a listener told of every event the relay stored.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder onEventSaved(SavedEventListener listener) {
            onEventSaved.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Adds a listener told of every ephemeral event (kinds 20000-29999) a client published here and the
         * relay accepted, after it was queued for this relay's live subscriptions: a cluster node forwards
         * them to the other nodes with it (they are never stored, so no change feed carries them). Called on
         * the connection's event loop: it must not block (hand the event to a bounded queue). A listener
         * that throws is logged and the others still run.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder onEphemeralEvent(Consumer<Event> listener) {
            onEphemeralEvent.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Events stored by other nodes (e.g. a layered store's change feed) that this relay delivers to its
         * live subscribers without storing them again. Subscribed once when the relay starts and cancelled
         * at shutdown; an error is logged and ends the feed. Default: none. Each event must arrive once
         * (such as {@code ChangeFeed.foreignEvents()}); a live subscription then also remembers the ids of
         * its stored results for 10 s after its {@code EOSE}, so an event another node stored that both
         * its stored query and this feed delivered is sent once.
         *
         * @param events the events
         * @return this builder
         */
        public Builder externalEvents(Flux<Event> events) {
            externalEvents = Objects.requireNonNull(events, "events");
            hasExternalEvents = true;
            return this;
        }

        /**
         * Marks this relay as the node {@code nodeName} of a cluster of relays sharing one store (see the
         * README's cluster section): the NIP-11 document then carries
         * {@code "cluster": {"node": nodeName}} and the logs name the node. Default: not a cluster node.
         *
         * @param nodeName this node's name (non-blank)
         * @return this builder
         * @throws IllegalArgumentException if {@code nodeName} is blank
         */
        public Builder clusterNode(String nodeName) {
            if (Objects.requireNonNull(nodeName, "nodeName").isBlank()) {
                throw new IllegalArgumentException("nodeName: must not be blank");
            }
            clusterNode = nodeName;
            return this;
        }

        /**
         * Adds HTTP endpoints beside the relay (see {@link HttpRoutes}): a Blossom media server, a metrics scrape
         * ({@link HttpRoutes#path}), the NIP-86 management API. Extensions are asked in the order added; the
         * first that {@linkplain HttpRoutes#handles handles} a request answers it. Default: none (404 off
         * {@code /}, the relay's own answers on {@code /}).
         *
         * @param routes the extension
         * @return this builder
         */
        public Builder httpRoutes(HttpRoutes routes) {
            httpRoutes.add(Objects.requireNonNull(routes, "routes"));
            return this;
        }

        /**
         * Adds fields to the NIP-11 document that may change while the relay runs (the NIP-86 API renames the
         * relay, say): each request for the document calls {@code overlay} on the event loop (it must be cheap
         * and must not block) and puts the fields it returns over the rendered ones, except
         * {@code supported_nips}, whose numbers are added. Without overlays the document is rendered once.
         *
         * @param overlay gives the fields, JSON-serialisable values (strings, numbers, lists, maps)
         * @return this builder
         */
        public Builder informationOverlay(Supplier<Map<String, Object>> overlay) {
            informationOverlays.add(Objects.requireNonNull(overlay, "overlay"));
            return this;
        }

        /**
         * How often expired events (NIP-40) are purged from the store; {@link Duration#ZERO} turns purging
         * off. Default 1 hour. The first purge, when the relay starts, scans the whole store; later ones
         * delete only the expiring events the relay stored and remembers (see NIP-40 in the README).
         *
         * @param value how often expired events (NIP-40) are purged from the store; {@link Duration#ZERO} turns purging off
         * @return this builder
         */
        public Builder expirationPurgeInterval(Duration value) {
            expirationPurgeInterval = Objects.requireNonNull(value, "expirationPurgeInterval");
            return this;
        }

        /**
         * How long a graceful shutdown waits for connections to drain before closing them; default 10 s.
         *
         * @param value how long a graceful shutdown waits for connections to drain before closing them; default 10 s
         * @return this builder
         */
        public Builder shutdownTimeout(Duration value) {
            shutdownTimeout = Objects.requireNonNull(value, "shutdownTimeout");
            return this;
        }

        /**
         * How long a reader that overflowed its queue gets to take what is left (ending with the NOTICE
         * that says why) before its connection is cut; default 10 s.
         *
         * @param value how long a reader that overflowed its queue gets to take what is left (ending with the NOTICE that says why) before its connection is cut; default 10 s
         * @return this builder
         */
        public Builder slowReaderGrace(Duration value) {
            slowReaderGrace = Objects.requireNonNull(value, "slowReaderGrace");
            return this;
        }

        /**
         * Whether shutting the relay down closes its store; default true.
         *
         * @param value whether shutting the relay down closes its store; default true
         * @return this builder
         */
        public Builder closeStoreOnShutdown(boolean value) {
            closeStoreOnShutdown = value;
            return this;
        }

        /**
         * The clock for timestamp windows and expiration; default UTC system clock.
         *
         * @param value the clock for timestamp windows and expiration; default UTC system clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Open TCP connections per client address, pending handshakes included (an IPv6 client counts by
         * its /64); further ones get HTTP 429 and are closed. Default 100: enough for many users behind
         * one NAT, 1% of the default {@link #maxConnections}.
         *
         * @param value the budget, at least 1
         * @return this builder
         */
        public Builder maxConnectionsPerAddress(int value) {
            maxConnectionsPerAddress = value;
            return this;
        }

        /**
         * Open subscriptions per client address across its connections; a {@code REQ} past it is answered
         * {@code CLOSED blocked:}. Default 500.
         *
         * @param value the budget, at least 1
         * @return this builder
         */
        public Builder maxSubscriptionsPerAddress(int value) {
            maxSubscriptionsPerAddress = value;
            return this;
        }

        /**
         * Adds a reverse proxy (an IP address or a CIDR block such as {@code 10.0.0.0/8}) whose
         * {@code X-Forwarded-For} (the right-most address that is not a trusted proxy) or
         * {@code X-Real-IP} header names the client. Default: none, every peer is the client.
         *
         * @param addressOrCidr an IP literal or CIDR block; no host names
         * @return this builder
         */
        public Builder trustedProxy(String addressOrCidr) {
            trustedProxies.add(Objects.requireNonNull(addressOrCidr, "addressOrCidr"));
            return this;
        }

        /**
         * How long a TCP connection may take to complete its WebSocket upgrade before it is closed;
         * default 10 s.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder handshakeTimeout(Duration value) {
            handshakeTimeout = Objects.requireNonNull(value, "handshakeTimeout");
            return this;
        }

        /**
         * Interval of WebSocket pings; a connection silent for one interval after a ping is closed, so a
         * dead peer is noticed within two intervals. Default 30 s; {@link Duration#ZERO} turns pings off.
         *
         * @param value the interval, not negative
         * @return this builder
         */
        public Builder pingInterval(Duration value) {
            pingInterval = Objects.requireNonNull(value, "pingInterval");
            return this;
        }

        /**
         * Closes a WebSocket that has had no open subscription and sent no message for this long. Default
         * {@link Duration#ZERO}: idle connections stay open (pings still find dead peers).
         *
         * @param value the idle time, not negative
         * @return this builder
         */
        public Builder idleTimeout(Duration value) {
            idleTimeout = Objects.requireNonNull(value, "idleTimeout");
            return this;
        }

        /**
         * Closes a kept-alive HTTP connection (Blossom transfers, NIP-11, NIP-86) that has waited this long for
         * its next request; a request being served is not cut. Default 60 s; {@link Duration#ZERO} keeps such
         * connections open until the client closes them. WebSocket connections are not affected.
         *
         * @param value the idle time, not negative
         * @return this builder
         */
        public Builder httpIdleTimeout(Duration value) {
            httpIdleTimeout = Objects.requireNonNull(value, "httpIdleTimeout");
            return this;
        }

        /**
         * Bytes of live events and answers waiting for one client before it counts as a slow reader (a
         * NOTICE, then the connection closes); default 8 MiB. Stored results do not count (they are read
         * only as the client takes them).
         *
         * @param value the budget, at least {@link #maxMessageBytes}
         * @return this builder
         */
        public Builder maxOutboundBytes(long value) {
            maxOutboundBytes = value;
            return this;
        }

        /**
         * Stored events whose live fan-out has not run yet before new {@code EVENT}s are refused with
         * {@code rate-limited:}; default 10000. Fan-out runs on its own thread, apart from publishers.
         *
         * @param value the budget, at least 1
         * @return this builder
         */
        public Builder maxLiveBacklog(int value) {
            maxLiveBacklog = value;
            return this;
        }

        /**
         * Records the relay's metrics in {@code registry} (Micrometer, an optional dependency: only a caller of
         * this method needs it): EVENT-to-OK and REQ-to-EOSE latencies as histograms, live deliveries,
         * slow-reader disconnects, refusals by relay message and NIP-01 prefix, and the gauges
         * {@code relay.connections}, {@code relay.subscriptions} and {@code relay.live.backlog}. Without a
         * registry (the default) nothing is recorded and no clock is read. Store metrics come from wrapping
         * the store ({@code io.reactivestore.store.metrics.MeteredEventStore}).
         *
         * @param registry where to record
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            metrics = MicrometerRelayMetrics.create(registry);
            return this;
        }

        /**
         * Validates and builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException naming the first option out of range
         */
        public RelayOptions build() {
            require(port >= 0 && port <= 65535, "port must be within 0-65535");
            require(maxMessageBytes >= 1024, "maxMessageBytes must be at least 1024");
            require(maxSubscriptions >= 1, "maxSubscriptions must be positive");
            require(maxNegentropySessions >= 1, "maxNegentropySessions must be positive");
            require(negentropyFrameSizeLimit >= 4096, "negentropyFrameSizeLimit must be at least 4096");
            require(maxNegentropyRecords >= 1 && maxNegentropyRecords <= Integer.MAX_VALUE / 5,
                    "maxNegentropyRecords must be 1 to " + Integer.MAX_VALUE / 5);
            require(maxNegentropySessionsTotal >= 1, "maxNegentropySessionsTotal must be positive");
            require(negentropyIdleTimeout.compareTo(Duration.ofSeconds(1)) >= 0,
                    "negentropyIdleTimeout must be at least one second");
            require(maxFiltersPerRequest >= 1, "maxFiltersPerRequest must be positive");
            require(maxLimit >= 1, "maxLimit must be positive");
            require(defaultLimit >= 1 && defaultLimit <= maxLimit, "defaultLimit must be within 1-maxLimit");
            require(maxEventTags >= 0, "maxEventTags must not be negative");
            require(maxContentLength >= 0, "maxContentLength must not be negative");
            require(createdAtPast == null || !createdAtPast.isNegative(), "createdAtPast must not be negative");
            require(createdAtFuture == null || !createdAtFuture.isNegative(), "createdAtFuture must not be negative");
            require(minPowDifficulty >= 0 && minPowDifficulty <= 256, "minPowDifficulty must be within 0-256");
            require(eventsPerSecondPerConnection >= 0 && eventsPerSecondPerIp >= 0
                    && requestsPerSecondPerConnection >= 0 && requestsPerSecondPerIp >= 0,
                    "rates must not be negative");
            require(rateBurst >= 1, "rateBurst must be positive");
            require(maxConnections >= 1, "maxConnections must be positive");
            require(maxOutboundMessages >= 16, "maxOutboundMessages must be at least 16");
            require(maxEventsInFlight >= 1, "maxEventsInFlight must be positive");
            require(!expirationPurgeInterval.isNegative(), "expirationPurgeInterval must not be negative");
            require(!shutdownTimeout.isNegative(), "shutdownTimeout must not be negative");
            require(!slowReaderGrace.isNegative(), "slowReaderGrace must not be negative");
            require(maxConnectionsPerAddress >= 1, "maxConnectionsPerAddress must be positive");
            require(maxSubscriptionsPerAddress >= 1, "maxSubscriptionsPerAddress must be positive");
            require(!handshakeTimeout.isNegative() && !handshakeTimeout.isZero(), "handshakeTimeout must be positive");
            require(!pingInterval.isNegative(), "pingInterval must not be negative");
            require(!idleTimeout.isNegative(), "idleTimeout must not be negative");
            require(!httpIdleTimeout.isNegative(), "httpIdleTimeout must not be negative");
            require(maxOutboundBytes >= maxMessageBytes, "maxOutboundBytes must be at least maxMessageBytes");
            require(maxLiveBacklog >= 1, "maxLiveBacklog must be positive");
            for (String proxy : trustedProxies) {
                require(ClientAddresses.parseBlock(proxy) != null,
                        "trustedProxy must be an IP address or CIDR block, got '" + proxy + "'");
            }
            return new RelayOptions(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
