package io.reactivestore.benchmarks.r2dbc;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.store.r2dbc.H2Compaction;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Disk growth of the H2 file store under lone commits (one event per save, each awaited, as a quiet relay
 * writes) and save latency while the store compacts online: prints the file size as it goes, then the live,
 * closed and offline-compacted ({@code SHUTDOWN COMPACT}) sizes and the save latency percentiles.
 * Arguments: the number of saves (default 100 000) and a fresh directory (default a temporary one).
 */
public final class H2LoneCommitBench {

    private H2LoneCommitBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code [saves] [directory]}
     * @throws Exception if the store fails
     */
    public static void main(String[] args) throws Exception {
        int saves = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("h2-lone-commits");
        KeyPair author = KeyPair.generate();
        R2dbcEventStore store = Objects.requireNonNull(R2dbcEventStores.h2File(dir).block(Duration.ofMinutes(1)), "completed empty");
        Path file = dir.toAbsolutePath().normalize().resolve("events.mv.db");
        long[] nanos = new long[saves];
        long start = System.nanoTime();
        for (int i = 0; i < saves; i++) {
            Event event = author.sign(new UnsignedEvent(1_700_000_000L + i, 1, List.of(List.of("t", "topic" + (i % 50))),
                    "note number " + i + " with some content to look like a real note of moderate size"));
            long before = System.nanoTime();
            store.save(event).block(Duration.ofMinutes(1));
            nanos[i] = System.nanoTime() - before;
            if ((i + 1) % Math.max(1, saves / 10) == 0) {
                System.out.printf(Locale.ROOT, "%d saves: %d KB after %.0f s%n", i + 1, Files.size(file) / 1024,
                        (System.nanoTime() - start) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long live = Files.size(file);
        store.close().block(Duration.ofMinutes(1));
        long closed = Files.size(file);
        H2Compaction compaction = Objects.requireNonNull(R2dbcEventStores.compactH2File(dir).block(Duration.ofHours(1)), "completed empty");
        long compacted = compaction.bytesAfter();
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "saves=%d live=%d KB (%.2fx) closed=%d KB (%.2fx) compacted=%d KB; %.0f saves/s, "
                        + "save p50=%.2f ms p99=%.2f ms p99.9=%.2f ms max=%.2f ms%n", saves, live / 1024,
                live / (double) compacted, closed / 1024, closed / (double) compacted, compacted / 1024, saves / seconds,
                nanos[saves / 2] / 1e6, nanos[saves * 99 / 100] / 1e6, nanos[saves * 999 / 1000] / 1e6,
                nanos[saves - 1] / 1e6);
    }
}
