/**
 * A reactive Nostr relay client: {@link io.reactivestore.relay.client.RelayClient} (publish with
 * {@link io.reactivestore.relay.client.OkResult}, subscribe to
 * {@link io.reactivestore.relay.client.SubscriptionItem}s, reconnect with backoff, resume subscriptions),
 * created with {@link io.reactivestore.relay.client.RelayClient#create(io.reactivestore.relay.client.RelayClientOptions)}.
 * {@link io.reactivestore.relay.client.WebSocketRelayClient} is the WebSocket implementation; the rest of the
 * package is implementation detail. It depends on neither the server nor the policies.
 *
 * <p>References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.relay.client;

import org.jspecify.annotations.NullMarked;
