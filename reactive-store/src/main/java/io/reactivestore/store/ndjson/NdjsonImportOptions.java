package io.reactivestore.store.ndjson;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link Ndjson#importInto} works.
 *
 * @param verify whether to check every event's id and signature before saving (CPU-bound: run on
 *     Reactor's parallel scheduler)
 * @param maxLineBytes longest accepted line; longer lines are skipped and rejected as {@code TOO_LONG}
 * @param progressEvery call {@code onProgress} each time the lines done pass a multiple of this (after the
 *     batch that passes it, so the counts reported are not exact multiples), and once at the end
 * @param concurrency events per batch handed to the store's {@code importEvents}; two batches are in flight
 *     at once, so this bounds the memory of the import
 * @param onProgress receives progress; called from the import's threads, so keep it quick
 * @param onRejected receives every rejected line; same threading as {@code onProgress}
 */
public record NdjsonImportOptions(boolean verify, int maxLineBytes, long progressEvery, int concurrency,
                                  Consumer<NdjsonProgress> onProgress, Consumer<NdjsonRejection> onRejected) {

    /** Verification on, lines up to 1 MiB, progress every 100 000 lines, batches of 512 events, no callbacks. */
    public static final NdjsonImportOptions DEFAULTS =
            new NdjsonImportOptions(true, 1 << 20, 100_000, 512, p -> { }, r -> { });

    /**
     * Validates the components (see the class comment).
     *
     * @param verify whether to check every event's id and signature before saving (CPU-bound: run on
     *     Reactor's parallel scheduler)
     * @param maxLineBytes longest accepted line; longer lines are skipped and rejected as {@code TOO_LONG}
     * @param progressEvery call {@code onProgress} every this many lines (and once at the end)
     * @param concurrency saves in flight at once (bounds memory; the store batches them)
     * @param onProgress receives progress; called from the import's threads, so keep it quick
     * @param onRejected receives every rejected line; same threading as {@code onProgress}
     */
    public NdjsonImportOptions {
        Objects.requireNonNull(onProgress, "onProgress");
        Objects.requireNonNull(onRejected, "onRejected");
        if (maxLineBytes < 64) {
            throw new IllegalArgumentException("maxLineBytes: must be at least 64, got " + maxLineBytes);
        }
        if (progressEvery < 1) {
            throw new IllegalArgumentException("progressEvery: must be at least 1, got " + progressEvery);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: must be at least 1, got " + concurrency);
        }
    }

    /**
     * {@return a copy that checks signatures or not}
     *
     * @param value whether to check every id and signature
     */
    public NdjsonImportOptions withVerify(boolean value) {
        return new NdjsonImportOptions(value, maxLineBytes, progressEvery, concurrency, onProgress, onRejected);
    }

    /**
     * {@return a copy that reports progress}
     *
     * @param every how many lines between two reports
     * @param callback receives the progress
     */
    public NdjsonImportOptions withProgress(long every, Consumer<NdjsonProgress> callback) {
        return new NdjsonImportOptions(verify, maxLineBytes, every, concurrency, callback, onRejected);
    }

    /**
     * {@return a copy that reports every rejected line}
     *
     * @param callback receives every rejected line
     */
    public NdjsonImportOptions withOnRejected(Consumer<NdjsonRejection> callback) {
        return new NdjsonImportOptions(verify, maxLineBytes, progressEvery, concurrency, onProgress, callback);
    }

    /**
     * {@return a copy with another line length limit}
     *
     * @param value the longest accepted line in bytes
     */
    public NdjsonImportOptions withMaxLineBytes(int value) {
        return new NdjsonImportOptions(verify, value, progressEvery, concurrency, onProgress, onRejected);
    }
}
