package io.reactivestore.benchmarks.memory;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * A store ({@code memory}, or {@code lmdb} or {@code h2} (the H2 file store) in a new directory under {@code bench.dir}, default
 * {@code target/store-bench}) filled with a {@link SyntheticDataset}, built once per JVM, backend and size, so that
 * benchmarks run without forks ({@code -f 0}) share it instead of each spending minutes filling its own.
 * Queries never modify it. Not for benchmarks that write.
 *
 * <p>With {@code -Dbench.reuse=true}, an {@code lmdb} or {@code h2} store is kept in {@code bench.dir} under a fixed
 * name ({@code lmdb-1000000}) and a later JVM opens it instead of filling it again (the dataset is deterministic, so
 * the queries built from it match); a {@code filled} marker file, written after a complete fill, guards against
 * reusing a fill that was interrupted (such a directory is filled again from scratch).
 */
record FilledStore(SyntheticDataset data, EventStore store) {

    private static final Map<String, FilledStore> BY_SIZE = new HashMap<>();
    /** One dataset per size, shared by the backends of a run ({@code -p store=lmdb,h2}): generated once, held once. */
    private static final Map<Integer, SyntheticDataset> DATASETS = new HashMap<>();

    static synchronized FilledStore of(int events) {
        return of(events, "memory");
    }

    static synchronized FilledStore of(int events, String backend) {
        return BY_SIZE.computeIfAbsent(backend + ":" + events, k -> fill(events, backend));
    }

    /** A new, empty store of {@code backend}: {@code memory}, {@code lmdb} or {@code h2}. */
    static EventStore empty(String backend) {
        if (backend.equals("memory")) {
            return MemoryEventStore.create();
        }
        if (!backend.equals("lmdb") && !backend.equals("h2")) {
            throw new IllegalArgumentException("store: memory, lmdb or h2, got " + backend);
        }
        try {
            Path parent = Path.of(System.getProperty("bench.dir", "target/store-bench"));
            Files.createDirectories(parent);
            Path dir = Files.createTempDirectory(parent, backend + "-");
            return open(backend, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EventStore open(String backend, Path dir) {
        return Objects.requireNonNull(backend.equals("lmdb") ? LmdbEventStore.open(dir).block()
                : R2dbcEventStores.h2File(dir).block(), "completed empty");
    }

    /** The store of {@code backend} under {@code bench.dir/<backend>-<events>}, filled now unless a complete fill is there. */
    private static FilledStore reused(SyntheticDataset data, int events, String backend, double generateSeconds) {
        try {
            Path dir = Path.of(System.getProperty("bench.dir", "target/store-bench"), backend + "-" + events);
            Path marker = dir.resolve("filled");
            if (Files.exists(marker)) {
                System.out.printf("%n# dataset: %d events generated in %.1f s; store reused from %s%n", events,
                        generateSeconds, dir);
                return new FilledStore(data, open(backend, dir));
            }
            if (Files.exists(dir)) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(dir);
            EventStore store = open(backend, dir);
            long start = System.nanoTime();
            long stored = Objects.requireNonNull(store.importEvents(Flux.fromArray(data.events)).block(), "completed empty");
            double seconds = (System.nanoTime() - start) / 1e9;
            Files.writeString(marker, stored + " events\n");
            System.out.printf("%n# dataset: %d events generated in %.1f s, %d stored through importEvents in %.1f s"
                    + " (%.0f saves/s) into %s%n", events, generateSeconds, stored, seconds, stored / seconds, dir);
            return new FilledStore(data, store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FilledStore fill(int events, String backend) {
        long start = System.nanoTime();
        SyntheticDataset data = DATASETS.computeIfAbsent(events, n -> SyntheticDataset.generate(n, 1));
        long generated = System.nanoTime();
        if (!backend.equals("memory") && Boolean.getBoolean("bench.reuse")) {
            return reused(data, events, backend, (generated - start) / 1e9);
        }
        EventStore store = empty(backend);
        long stored = Objects.requireNonNull(store.importEvents(Flux.fromArray(data.events)).block(), "completed empty");
        long filled = System.nanoTime();
        System.out.printf("%n# dataset: %d events generated in %.1f s, %d stored through importEvents in %.1f s"
                + " (%.0f saves/s)%n", events, (generated - start) / 1e9, stored, (filled - generated) / 1e9,
                stored / ((filled - generated) / 1e9));
        return new FilledStore(data, store);
    }
}
