/**
 * The relay server: a Nostr relay on reactor-netty ({@link io.reactivestore.relay.server.NostrRelay}) serving
 * any {@link io.reactivestore.store.EventStore}, configured by {@link io.reactivestore.relay.server.RelayOptions}
 * and extended, in the spirit of khatru, with ordered hooks: the policies of {@link io.reactivestore.relay.policy}
 * and the listeners {@link io.reactivestore.relay.server.SessionListener} and
 * {@link io.reactivestore.relay.server.SavedEventListener}.
 *
 * <p>One file per concern behind the public types: {@code RelayConnection} (the one dispatch over client
 * messages), {@code RelayCore} (the path of a published event), {@code LiveIndex} (fan-out),
 * {@code LiveSubscription} and {@code StoredDelivery} (REQ with an exact EOSE boundary),
 * {@code OutboundQueue} (bounded per-connection writes), {@code Deletions} (NIP-09), {@code Expiration}
 * (NIP-40), {@code Authentication} (NIP-42), {@code RelayInformation} (NIP-11), {@code ErrorMapping} (the
 * one place errors become NIP-01 prefixes), {@code ConnectionGuard}, {@code AddressBudgets} and
 * {@code RateLimits} (hostile clients).
 *
 * <p>This package depends on {@link io.reactivestore.relay.policy} and never on
 * {@link io.reactivestore.relay.client}. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.relay.server;

import org.jspecify.annotations.NullMarked;
