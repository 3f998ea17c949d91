package io.reactivestore.store.lmdb;

import io.reactivestore.event.Event;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Parsed events by sequence number, so that hot reads skip copying an event out of the map and parsing its
 * JSON (the largest share of a query's CPU without it). Direct-mapped: slot {@code seq mod capacity}, so the
 * newest {@code capacity} events never evict each other, and a lookup or insert is one array access, from any
 * thread, without locks. Sequence numbers are never reused, so an entry is never stale: a deleted or replaced
 * event is simply no longer reached through the indexes, and its slot is overwritten later. Bounded by
 * {@code capacity} entries (about 1-3 KB of heap each for typical events); capacity 0 disables it.
 */
final class EventCache {

    private record Entry(long seq, Event event) {
    }

    private final AtomicReferenceArray<Entry> slots;
    private final int mask;

    EventCache(int capacity) {
        int size = capacity <= 0 ? 0 : Integer.highestOneBit(capacity);
        if (size > 0 && size < capacity) {
            size <<= 1;
        }
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** The cached event stored under {@code seq}, or {@code null}. */
    @Nullable Event get(long seq) {
        if (mask < 0) {
            return null;
        }
        Entry e = slots.get((int) (seq & mask));
        return e != null && e.seq == seq ? e.event : null;
    }

    void put(long seq, Event event) {
        if (mask >= 0) {
            slots.lazySet((int) (seq & mask), new Entry(seq, event));
        }
    }
}
