package io.reactivestore.store.r2dbc;

import io.reactivestore.internal.sql.SqlDatabase;
import reactor.core.publisher.Mono;

/**
 * Online compaction of an H2 file store in the writer's own turns: after each write batch it asks
 * {@link SqlDatabase#reclaimSpace} to rewrite a slice of the file's sparsest chunks, sized so that one slice
 * takes about {@link #BUDGET_NANOS}: the slice halves after a turn over budget and doubles after a quick
 * one. Saves queued meanwhile wait for the slice, so the budget is the most a write is stalled by it.
 * Errors are dropped (the data is unaffected; the next turn tries again). Called by one writer at a time.
 */
final class SpaceReclaimer {

    /** Target duration of one slice. */
    static final long BUDGET_NANOS = 20_000_000L;
    private static final int MIN_BYTES = 32 * 1024;
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private final SqlDatabase db;
    private int sliceBytes = 256 * 1024;

    SpaceReclaimer(SqlDatabase db) {
        this.db = db;
    }

    /** One slice; completes when it is done (never with an error). */
    Mono<Void> runSlice() {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return db.reclaimSpace(sliceBytes).doOnNext(rewritten -> adapt(rewritten, System.nanoTime() - start));
        }).onErrorResume(e -> Mono.empty()).then();
    }

    private void adapt(boolean rewritten, long nanos) {
        if (nanos > BUDGET_NANOS) {
            sliceBytes = Math.max(MIN_BYTES, sliceBytes / 2);
        } else if (rewritten && nanos < BUDGET_NANOS / 4) {
            sliceBytes = Math.min(MAX_BYTES, sliceBytes * 2);
        }
    }
}
