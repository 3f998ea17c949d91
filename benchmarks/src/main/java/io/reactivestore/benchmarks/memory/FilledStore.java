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
 */
record FilledStore(SyntheticDataset data, EventStore store) {

    private static final Map<String, FilledStore> BY_SIZE = new HashMap<>();

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
            return Objects.requireNonNull(backend.equals("lmdb") ? LmdbEventStore.open(dir).block() : R2dbcEventStores.h2File(dir).block(), "completed empty");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FilledStore fill(int events, String backend) {
        long start = System.nanoTime();
        SyntheticDataset data = SyntheticDataset.generate(events, 1);
        long generated = System.nanoTime();
        EventStore store = empty(backend);
        long stored = Objects.requireNonNull(store.importEvents(Flux.fromArray(data.events)).block(), "completed empty");
        long filled = System.nanoTime();
        System.out.printf("%n# dataset: %d events generated in %.1f s, %d stored through importEvents in %.1f s"
                + " (%.0f saves/s)%n", events, (generated - start) / 1e9, stored, (filled - generated) / 1e9,
                stored / ((filled - generated) / 1e9));
        return new FilledStore(data, store);
    }
}
