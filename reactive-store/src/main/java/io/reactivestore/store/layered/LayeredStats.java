package io.reactivestore.store.layered;

/**
 * A snapshot of a {@link LayeredEventStore}'s counters, all since it was built.
 *
 * @param l1Events events the store knows to be in L1
 * @param l1Bytes their JSON bytes
 * @param hits query results served by L1 (L1 had the event)
 * @param misses query results only L2 had
 * @param evicted events the collector removed from L1
 * @param collections collector runs
 * @param backfilled L2 results saved into L1 by the back-fill
 * @param backfillDropped L2 results not back-filled because the back-fill queue was full
 * @param l1Errors L1 operations that failed and were absorbed (the event stays in L2; L1 just misses it)
 * @param polled events other nodes stored, seen through L2's change log (shared mode) and published on {@code events()}
 * @param pollErrors reads of L2's change log that failed (retried at the next wake-up or tick)
 * @param eventsDropped {@code events()} deliveries dropped because a subscriber's buffer was full
 */
public record LayeredStats(long l1Events, long l1Bytes, long hits, long misses, long evicted, long collections,
                           long backfilled, long backfillDropped, long l1Errors, long polled, long pollErrors,
                           long eventsDropped) {

    /** {@return {@code hits / (hits + misses)}, 0 before any query result} */
    public double hitRate() {
        long total = hits + misses;
        return total == 0 ? 0 : (double) hits / total;
    }
}
