package io.reactivestore.relay.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Ids of events whose save has started but whose live fan-out has not finished. A subscription that
 * reaches EOSE keeps, of the ids it delivered from the store, only those still in flight here: their
 * live copy may still arrive and must be skipped; every other live copy either already went through
 * the subscription (and was deduplicated there) or never will. This keeps the EOSE boundary exact with
 * memory proportional to the events in flight, not to the subscription's history.
 */
final class InFlightEvents {

    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

    void begin(String id) {
        counts.merge(id, 1, Integer::sum);
    }

    void end(String id) {
        counts.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1);
    }

    /** Whether no event is in flight: the common case, in which a subscription reaching EOSE looks nothing up. */
    boolean isEmpty() {
        return counts.isEmpty();
    }

    boolean contains(String id) {
        return counts.containsKey(id);
    }
}
