/**
 * Example: publishing an outbox to relays as Nostr events. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.examples.outbox;

import org.jspecify.annotations.NullMarked;
