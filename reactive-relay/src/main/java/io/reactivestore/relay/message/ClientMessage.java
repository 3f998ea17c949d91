package io.reactivestore.relay.message;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import java.util.List;

/**
 * A message a client sends to a relay (NIP-01, NIP-42 {@code AUTH}, NIP-45 {@code COUNT}); decoded and
 * encoded by {@link MessageJson}. Sealed: handle every permitted record.
 */
public sealed interface ClientMessage {

    /** {@code ["EVENT", event]}: publish an event. */
    record Publish(Event event) implements ClientMessage {
    }

    /** {@code ["REQ", subscriptionId, filter...]}: stored events, then {@code EOSE}, then live ones. */
    record Req(String subscriptionId, List<Filter> filters) implements ClientMessage {
        /**
         * Copies the filters.
         *
         * @param subscriptionId the subscription's id, chosen by the client
         * @param filters the filters; an event matches if it matches any of them
         */
        public Req {
            filters = List.copyOf(filters);
        }
    }

    /** {@code ["CLOSE", subscriptionId]}: end a subscription. */
    record Close(String subscriptionId) implements ClientMessage {
    }

    /** {@code ["AUTH", event]}: a signed kind-22242 answer to the relay's challenge (NIP-42). */
    record Auth(Event event) implements ClientMessage {
    }

    /** {@code ["COUNT", subscriptionId, filter...]}: how many stored events match (NIP-45). */
    record Count(String subscriptionId, List<Filter> filters) implements ClientMessage {
        /**
         * Copies the filters.
         *
         * @param subscriptionId the count's id, chosen by the client
         * @param filters the filters; an event matches if it matches any of them
         */
        public Count {
            filters = List.copyOf(filters);
        }
    }
}
