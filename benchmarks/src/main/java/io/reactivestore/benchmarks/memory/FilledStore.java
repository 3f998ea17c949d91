package io.reactivestore.benchmarks.memory;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * A {@link MemoryEventStore} filled with a {@link SyntheticDataset}, built once per JVM and size, so that
 * benchmarks run without forks ({@code -f 0}) share it instead of each spending minutes filling its own.
 * Queries never modify it. Not for benchmarks that write.
 */
record FilledStore(SyntheticDataset data, EventStore store) {

    private static final Map<Integer, FilledStore> BY_SIZE = new HashMap<>();

    static synchronized FilledStore of(int events) {
        return BY_SIZE.computeIfAbsent(events, FilledStore::fill);
    }

    private static FilledStore fill(int events) {
        long start = System.nanoTime();
        SyntheticDataset data = SyntheticDataset.generate(events, 1);
        long generated = System.nanoTime();
        MemoryEventStore store = MemoryEventStore.create();
        long stored = store.importEvents(Flux.fromArray(data.events)).block();
        long filled = System.nanoTime();
        System.out.printf("%n# dataset: %d events generated in %.1f s, %d stored through importEvents in %.1f s"
                + " (%.0f saves/s)%n", events, (generated - start) / 1e9, stored, (filled - generated) / 1e9,
                stored / ((filled - generated) / 1e9));
        return new FilledStore(data, store);
    }
}
