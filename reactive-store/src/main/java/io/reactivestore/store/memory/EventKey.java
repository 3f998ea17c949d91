package io.reactivestore.store.memory;

import io.reactivestore.event.Event;

/**
 * Position of an event in newest-first order: {@code created_at} descending, then id ascending.
 * The natural order of keys is the order of query results. A key carries its event, so that walking
 * an index needs no lookup by id; bounds used to cut index ranges carry none.
 *
 * @param event the event at this position, or {@code null} for a range bound
 */
record EventKey(long createdAt, String id, Event event) implements Comparable<EventKey> {

    private static final String LOWEST_ID = "0".repeat(Event.HEX_ID_LENGTH);
    private static final String HIGHEST_ID = "g";

    static EventKey of(Event event) {
        return new EventKey(event.createdAt(), event.id(), event);
    }

    /** The first key at {@code createdAt} in newest-first order. */
    static EventKey firstAt(long createdAt) {
        return new EventKey(createdAt, LOWEST_ID, null);
    }

    /** A key after every real key at {@code createdAt} in newest-first order. */
    static EventKey afterAll(long createdAt) {
        return new EventKey(createdAt, HIGHEST_ID, null);
    }

    @Override
    public int compareTo(EventKey other) {
        int byTime = Long.compare(other.createdAt, createdAt);
        return byTime != 0 ? byTime : id.compareTo(other.id);
    }
}
