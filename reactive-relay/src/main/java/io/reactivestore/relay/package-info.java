/**
 * A Nostr relay on reactor-netty ({@link io.reactivestore.relay.NostrRelay}) serving any
 * {@link io.reactivestore.store.EventStore}, configured by {@link io.reactivestore.relay.RelayOptions} and
 * extended, in the spirit of khatru, with ordered hooks: {@link io.reactivestore.relay.EventPolicy},
 * {@link io.reactivestore.relay.FilterPolicy}, {@link io.reactivestore.relay.SessionListener} and
 * {@link io.reactivestore.relay.SavedEventListener}. Ready-made policies are in
 * {@link io.reactivestore.relay.policy}.
 *
 * <p>One file per concern behind the public types: {@code RelayConnection} (the one dispatch over client
 * messages), {@code RelayCore} (the path of a published event), {@code LiveIndex} (fan-out),
 * {@code LiveSubscription} and {@code StoredDelivery} (REQ with an exact EOSE boundary),
 * {@code OutboundQueue} (bounded per-connection writes), {@code Deletions} (NIP-09), {@code Expiration}
 * (NIP-40), {@code Authentication} (NIP-42), {@code RelayInformation} (NIP-11), {@code ErrorMapping} (the
 * one place errors become NIP-01 prefixes).
 *
 * <p>References are non-null unless documented otherwise.
 */
package io.reactivestore.relay;
