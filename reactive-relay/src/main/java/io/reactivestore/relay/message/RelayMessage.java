package io.reactivestore.relay.message;

import io.reactivestore.event.Event;

/**
 * A message a relay sends to a client (NIP-01, NIP-42 {@code AUTH}, NIP-45 {@code COUNT}); encoded and
 * decoded by {@link MessageJson}. Sealed: handle every permitted record.
 */
public sealed interface RelayMessage {

    /** {@code ["EVENT", subscriptionId, event]}: written with the event's own JSON bytes, verbatim. */
    record EventMessage(String subscriptionId, Event event) implements RelayMessage {
    }

    /**
     * {@code ["OK", eventId, accepted, message]}: the answer to a published event; {@code message}
     * starts with a NIP-01 prefix such as {@code duplicate:} or {@code invalid:} when there is one.
     */
    record Ok(String eventId, boolean accepted, String message) implements RelayMessage {
    }

    /** {@code ["EOSE", subscriptionId]}: end of stored events; live events follow. */
    record Eose(String subscriptionId) implements RelayMessage {
    }

    /** {@code ["CLOSED", subscriptionId, message]}: the relay ended a subscription, with a prefixed reason. */
    record Closed(String subscriptionId, String message) implements RelayMessage {
    }

    /** {@code ["NOTICE", message]}: a human-readable message. */
    record Notice(String message) implements RelayMessage {
    }

    /** {@code ["AUTH", challenge]}: the NIP-42 challenge. */
    record AuthChallenge(String challenge) implements RelayMessage {
    }

    /** {@code ["COUNT", subscriptionId, {"count": n}]} (NIP-45). */
    record CountResult(String subscriptionId, long count, boolean approximate) implements RelayMessage {
    }
}
