package io.reactivestore.store.ndjson;

import java.time.Duration;

/**
 * Where a long export or import stands.
 *
 * @param lines lines read (import) or events written (export) so far
 * @param stored events stored by the target store so far (import; equal to {@code lines} for export)
 * @param rejected lines rejected so far (import; 0 for export)
 * @param elapsed time since the start
 */
public record NdjsonProgress(long lines, long stored, long rejected, Duration elapsed) {

    /**
     * Lines per second since the start.
     *
     * @return lines per second
     */
    public double linesPerSecond() {
        long nanos = Math.max(1, elapsed.toNanos());
        return lines * 1e9 / nanos;
    }
}
