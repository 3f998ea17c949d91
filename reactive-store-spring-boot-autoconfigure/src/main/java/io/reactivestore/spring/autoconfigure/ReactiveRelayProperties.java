package io.reactivestore.spring.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Nostr relay that the auto-configuration starts over the {@code EventStore} bean when
 * {@code reactive-store.relay.enabled} is {@code true}, prefix {@code reactive-store.relay}. The relay
 * listens on its own port, apart from any web server of the application. Defaults are the relay's own
 * ({@code RelayOptions}); the limits are advertised in its NIP-11 document.
 *
 * @param enabled Whether to start the relay.
 * @param host Address to bind; 0.0.0.0 serves every interface.
 * @param port TCP port; 0 picks a free one (the NostrRelay bean tells which).
 * @param publicUrl URL clients use, checked against NIP-42 relay tags; unset means ws://host:port/.
 * @param name NIP-11 name.
 * @param description NIP-11 description.
 * @param adminPubkey NIP-11 pubkey of the administrator (hex), if any.
 * @param contact NIP-11 contact, if any.
 * @param maxMessageBytes Largest WebSocket message in bytes; a larger one closes the connection (1009).
 * @param maxSubscriptions Open subscriptions per connection.
 * @param maxFilters Filters per REQ or COUNT.
 * @param maxLimit Clamp of each filter's limit.
 * @param defaultLimit Limit of a filter that has none (at most max-limit).
 * @param maxEventTags Tags per event.
 * @param maxContentLength Characters of an event's content.
 * @param maxConnections Concurrent WebSocket connections; more get HTTP 503.
 * @param eventsPerSecond Events per second per connection; 0 means no limit.
 * @param eventsPerSecondPerIp Events per second per client address (an IPv6 client's /64); 0 means no limit.
 * @param requestsPerSecond REQ and COUNT per second per connection; 0 means no limit.
 * @param requestsPerSecondPerIp REQ and COUNT per second per client address; 0 means no limit.
 * @param minPow NIP-13 difficulty every event needs; 0 means none.
 * @param authRequiredForReads Whether REQ and COUNT need NIP-42 authentication first.
 * @param authRequiredForWrites Whether EVENT needs NIP-42 authentication as the event's author.
 * @param createdAtPast Oldest accepted created_at relative to now; unset means no bound.
 * @param createdAtFuture Newest accepted created_at relative to now.
 * @param startTimeout How long the application's startup waits for the relay to bind.
 * @param shutdownTimeout How long shutdown waits for connections to drain before closing them hard.
 */
@ConfigurationProperties(prefix = "reactive-store.relay")
public record ReactiveRelayProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("7777") int port,
        String publicUrl,
        @DefaultValue("reactive-store relay") String name,
        @DefaultValue("A Nostr relay built on reactive-store.") String description,
        String adminPubkey,
        String contact,
        @DefaultValue("131072") int maxMessageBytes,
        @DefaultValue("20") int maxSubscriptions,
        @DefaultValue("10") int maxFilters,
        @DefaultValue("500") int maxLimit,
        @DefaultValue("500") int defaultLimit,
        @DefaultValue("2000") int maxEventTags,
        @DefaultValue("65536") int maxContentLength,
        @DefaultValue("10000") int maxConnections,
        @DefaultValue("0") double eventsPerSecond,
        @DefaultValue("20") double eventsPerSecondPerIp,
        @DefaultValue("0") double requestsPerSecond,
        @DefaultValue("50") double requestsPerSecondPerIp,
        @DefaultValue("0") int minPow,
        @DefaultValue("false") boolean authRequiredForReads,
        @DefaultValue("false") boolean authRequiredForWrites,
        Duration createdAtPast,
        @DefaultValue("15m") Duration createdAtFuture,
        @DefaultValue("30s") Duration startTimeout,
        @DefaultValue("10s") Duration shutdownTimeout) {
}
