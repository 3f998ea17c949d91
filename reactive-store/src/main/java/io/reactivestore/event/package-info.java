/**
 * The Nostr event model of NIP-01: {@link io.reactivestore.event.Event}, {@link io.reactivestore.event.Filter},
 * canonical serialization and ids, BIP-340 Schnorr signatures ({@link io.reactivestore.event.Schnorr},
 * {@link io.reactivestore.event.KeyPair}), kind classes, and the strict JSON codec
 * ({@link io.reactivestore.event.NostrJson}) for events, filters and relay messages.
 *
 * <p>All types are immutable and thread-safe. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.event;

import org.jspecify.annotations.NullMarked;
