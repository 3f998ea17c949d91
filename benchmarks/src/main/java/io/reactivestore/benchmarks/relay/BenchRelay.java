package io.reactivestore.benchmarks.relay;

import io.reactivestore.relay.NostrRelay;
import io.reactivestore.relay.RelayOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.layered.LayeredEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The relay under test, in this JVM: the example server's configuration ({@link RelayOptions} defaults,
 * so signature checks, limits and durable {@code OK} as shipped) on 127.0.0.1, port 0, over an H2 file
 * store in a fresh temporary directory, the in-memory store, or ({@code h2+l1}) a layered store with an
 * in-memory L1 of {@value #L1_EVENTS} events in front of the H2 file. Blocking calls here run on the
 * benchmark's main thread only.
 */
final class BenchRelay implements AutoCloseable {

    /** L1 capacity of {@code h2+l1}: a third of what the default load generator run stores. */
    static final int L1_EVENTS = 50_000;

    private final NostrRelay relay;
    private final Path dataDir;

    private BenchRelay(NostrRelay relay, Path dataDir) {
        this.relay = relay;
        this.dataDir = dataDir;
    }

    /** Starts a relay over {@code store}: {@code "memory"}, {@code "h2"} (H2 file) or {@code "h2+l1"}. */
    static BenchRelay start(String store) {
        Path dir = null;
        EventStore eventStore;
        if (store.equals("memory")) {
            eventStore = MemoryEventStore.create();
        } else if (store.equals("h2") || store.equals("h2+l1")) {
            try {
                dir = Files.createTempDirectory("relay-bench-h2");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            eventStore = R2dbcEventStores.h2File(dir).block(Duration.ofMinutes(1));
            if (store.equals("h2+l1")) {
                eventStore = LayeredEventStore.builder(MemoryEventStore.create(), eventStore)
                        .maxEvents(L1_EVENTS)
                        .build();
            }
        } else {
            throw new IllegalArgumentException("unknown store '" + store + "': use memory, h2 or h2+l1");
        }
        RelayOptions options = RelayOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .build();
        NostrRelay relay = NostrRelay.start(eventStore, options).block(Duration.ofSeconds(30));
        return new BenchRelay(relay, dir);
    }

    String url() {
        return relay.url();
    }

    int connectionCount() {
        return relay.connectionCount();
    }

    @Override
    public void close() {
        relay.shutdown().block(Duration.ofMinutes(1));
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
