package io.reactivestore.store.layered;

import java.util.concurrent.atomic.LongAdder;

/** The layered store's counters, shared by its parts; cheap to increment from any thread. */
final class Counters {
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder evicted = new LongAdder();
    final LongAdder collections = new LongAdder();
    final LongAdder backfilled = new LongAdder();
    final LongAdder backfillDropped = new LongAdder();
    final LongAdder l1Errors = new LongAdder();
    final LongAdder polled = new LongAdder();
    final LongAdder eventsDropped = new LongAdder();

    LayeredStats snapshot(L1Index index, long pollErrors) {
        return new LayeredStats(index.events(), index.bytes(), hits.sum(), misses.sum(), evicted.sum(),
                collections.sum(), backfilled.sum(), backfillDropped.sum(), l1Errors.sum(), polled.sum(),
                pollErrors, eventsDropped.sum());
    }
}
