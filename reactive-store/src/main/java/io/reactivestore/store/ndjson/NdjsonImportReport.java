package io.reactivestore.store.ndjson;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of an import.
 *
 * @param lines non-blank lines read
 * @param stored events the store stored (saved or replacing an older version)
 * @param notStored valid events the store did not need (duplicates, outdated versions, tombstoned ids)
 * @param rejected lines rejected (see {@link NdjsonRejection})
 * @param firstRejections the first rejections, at most {@link Ndjson#KEPT_REJECTIONS}; every one goes to
 *     the {@code onRejected} callback
 * @param elapsed duration of the import
 */
public record NdjsonImportReport(long lines, long stored, long notStored, long rejected,
                                 List<NdjsonRejection> firstRejections, Duration elapsed) {

    /**
     * Validates the components (see the class comment).
     *
     * @param lines non-blank lines read
     * @param stored events the store stored (saved or replacing an older version)
     * @param notStored valid events the store did not need (duplicates, outdated versions, tombstoned ids)
     * @param rejected lines rejected (see {@link NdjsonRejection})
     * @param firstRejections the first rejections, at most {@link Ndjson#KEPT_REJECTIONS}; every one goes to
     *     the {@code onRejected} callback
     * @param elapsed duration of the import
     */
    public NdjsonImportReport {
        firstRejections = List.copyOf(firstRejections);
    }

    /**
     * Lines per second over the whole import.
     *
     * @return lines per second
     */
    public double linesPerSecond() {
        return lines * 1e9 / Math.max(1, elapsed.toNanos());
    }
}
