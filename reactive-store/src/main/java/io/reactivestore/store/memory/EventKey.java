package io.reactivestore.store.memory;

import io.reactivestore.event.Event;
import io.reactivestore.internal.Hex;
import org.jspecify.annotations.Nullable;

/**
 * Position of an event in newest-first order: {@code created_at} descending, then id ascending.
 * The natural order of keys is the order of query results. A key carries its event, so that walking
 * an index needs no lookup by id; bounds used to cut index ranges carry none.
 *
 * <p>The first 16 hex digits of the id are kept as an unsigned number, ordered as the digits are, so
 * that comparing two keys almost never has to reach the id strings: an index insert visits tens of
 * keys, and each string comparison is two more cache misses.
 *
 * @param idPrefix the id's first 16 hex digits as an unsigned number
 * @param event the event at this position, or {@code null} for a range bound
 */
record EventKey(long createdAt, long idPrefix, String id, @Nullable Event event) implements Comparable<EventKey> {

    private static final String LOWEST_ID = "0".repeat(Event.HEX_ID_LENGTH);
    /** After every lowercase hex id; its prefix is the largest, and ties go to the string comparison. */
    private static final String HIGHEST_ID = "g";
    private static final int PREFIX_DIGITS = 16;

    static EventKey of(Event event) {
        return new EventKey(event.createdAt(), prefixOf(event.id()), event.id(), event);
    }

    /** The first key at {@code createdAt} in newest-first order. */
    static EventKey firstAt(long createdAt) {
        return new EventKey(createdAt, 0L, LOWEST_ID, null);
    }

    /** A key after every real key at {@code createdAt} in newest-first order. */
    static EventKey afterAll(long createdAt) {
        return new EventKey(createdAt, -1L, HIGHEST_ID, null);
    }

    /** The first 16 digits of a lowercase hex id (as validated by {@link Event}) as an unsigned number. */
    static long prefixOf(String id) {
        return Hex.leadingDigits(id, PREFIX_DIGITS);
    }

    @Override
    public int compareTo(EventKey other) {
        int byTime = Long.compare(other.createdAt, createdAt);
        if (byTime != 0) {
            return byTime;
        }
        int byPrefix = Long.compareUnsigned(idPrefix, other.idPrefix);
        return byPrefix != 0 ? byPrefix : id.compareTo(other.id);
    }
}
