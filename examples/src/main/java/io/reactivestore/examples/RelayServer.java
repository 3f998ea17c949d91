package io.reactivestore.examples;

import io.reactivestore.relay.management.RelayManagement;
import io.reactivestore.relay.server.HttpRoutes;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.KeyValueStore;
import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.H2Compaction;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.store.retention.Retention;
import io.reactivestore.store.retention.RetentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import io.reactivestore.blob.fs.FileBlobStore;
import io.reactivestore.blob.memory.MemoryBlobStore;
import io.reactivestore.relay.blossom.BlobOwners;
import io.reactivestore.relay.blossom.BlossomServer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A runnable Nostr relay on an LMDB store under {@code ./data} (or H2, PostgreSQL, or memory): {@code mvn -B -q -pl examples -am -DskipTests package exec:exec}, then point a
 * Nostr client at the {@code ws://} URL it prints. Options come from flags or environment variables
 * ({@code --help} lists them; pass flags with {@code -Dexample.args="--port 8080"}). Ctrl-C shuts it down
 * gracefully: in-flight events are stored and answered, then the store is closed.
 */
public final class RelayServer {

    private RelayServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(RelayServerSettings.help());
            return;
        }
        RelayServerSettings settings;
        try {
            settings = RelayServerSettings.parse(args, System::getenv);
            settings.adminPubkeys(); // checked before anything starts
            settings.warmUpBudget();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (settings.compact()) {
            System.exit(compact(settings));
            return;
        }
        EventStore store;
        try {
            store = openStore(settings);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (settings.warmUpRequests() > 0) {
            System.out.println("Warming up against a scratch relay (at most " + settings.warmUpRequests() + " REQs, "
                    + settings.warmUpBudget().toSeconds() + " s) ...");
            RelayWarmUp.Result warm = store instanceof LmdbEventStore
                    ? RelayWarmUp.runOnLmdb(settings.warmUpRequests(), settings.warmUpBudget())
                    : RelayWarmUp.run(settings.warmUpRequests(), settings.warmUpBudget());
            System.out.println("Warm-up: " + warm.events() + " events (" + warm.delivered() + " live deliveries) and "
                    + warm.requests() + " REQs answered in " + warm.took().toMillis() + " ms; CPU per REQ by "
                    + RelayWarmUp.BLOCK + " (us): " + warm.cpuMicrosPerRequest());
        }
        RetentionPolicy retentionPolicy = settings.retentionPolicy();
        Retention retention = retentionPolicy.hasRules()
                ? Retention.start(store, retentionPolicy, Schedulers.parallel()) : null;
        HttpRoutes blossom = settings.blossom() ? blossom(settings) : null;
        NostrRelay relay = Objects.requireNonNull(start(store, settings, blossom).block(Duration.ofSeconds(30)),
                "the relay did not start");
        System.out.println("Nostr relay listening on " + relay.url() + "  (Ctrl-C to stop)");
        if (settings.metrics()) {
            System.out.println("Metrics: http://" + relay.host() + ":" + relay.port() + PrometheusEndpoint.PATH);
        }
        if (blossom != null) {
            System.out.println("Blossom media server on http://" + relay.host() + ":" + relay.port() + "/ (blobs in "
                    + (settings.inMemory() ? "memory" : settings.dataDir().resolve("blossom")) + ")");
        }
        if (retention != null) {
            System.out.println("Retention: " + retentionPolicy);
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (retention != null) {
                retention.dispose();
            }
            relay.shutdown().block(Duration.ofSeconds(30));
            stopped.countDown();
        }, "relay-shutdown"));
        stopped.await();
    }

    /**
     * {@code --blossom}: a Blossom server over a file blob store in {@code <data-dir>/blossom} (blob
     * files, their owners' log), or in memory with {@code --in-memory}.
     */
    static BlossomServer blossom(RelayServerSettings settings) {
        if (settings.inMemory()) {
            return BlossomServer.create(new MemoryBlobStore(), BlobOwners.inMemory(), settings.blossomOptions());
        }
        Path dir = settings.dataDir().toAbsolutePath().normalize().resolve("blossom");
        BlobOwners owners = Objects.requireNonNull(BlobOwners.open(dir).block(Duration.ofSeconds(60)), "owners");
        return BlossomServer.create(new FileBlobStore(dir), owners, settings.blossomOptions());
    }

    /**
     * The relay over {@code store} as the settings describe it: a cluster node if asked, the Blossom routes if
     * given, {@code /metrics} if asked, the NIP-86 management API if admins are named.
     */
    static Mono<NostrRelay> start(EventStore store, RelayServerSettings settings, @Nullable HttpRoutes blossom) {
        RelayOptions.Builder options = settings.relayOptions();
        if (blossom != null) {
            options.httpRoutes(blossom);
        }
        if (settings.cluster()) {
            String node = ClusterNode.configure(options, store, settings);
            System.out.println("Cluster node " + node + ": other nodes' events are delivered live through"
                    + " PostgreSQL LISTEN/NOTIFY");
        }
        EventStore served = store;
        if (settings.metrics()) {
            PrometheusEndpoint metrics = new PrometheusEndpoint();
            served = metrics.measure(store, settings.storeName());
            metrics.serve(options);
        }
        EventStore relayStore = served;
        List<String> admins = settings.adminPubkeys();
        if (admins.isEmpty()) {
            return NostrRelay.start(relayStore, options.build());
        }
        return RelayManagement.builder(relayStore, keyValues(store)).admins(admins).publicUrl(settings.publicUrl())
                .open()
                .doOnNext(management -> System.out.println("NIP-86 management API on the relay URL for "
                        + admins.size() + " admin pubkey(s)"))
                .flatMap(management -> NostrRelay.start(relayStore, management.install(options).build()));
    }

    /** The key-values of the store's own database, where NIP-86 keeps its state. */
    static KeyValueStore keyValues(EventStore store) {
        if (store instanceof LmdbEventStore lmdb) {
            return lmdb.keyValues();
        }
        if (store instanceof R2dbcEventStore r2dbc) {
            return r2dbc.keyValues();
        }
        if (store instanceof MemoryEventStore memory) {
            return memory.keyValues();
        }
        throw new IllegalArgumentException("--admin-pubkeys: the store " + store + " keeps no key-values");
    }

    /** {@code --compact}: rewrites the H2 data file compactly; the exit status. */
    static int compact(RelayServerSettings settings) {
        if (settings.inMemory() || !settings.postgresUrl().isBlank()) {
            System.err.println("--compact applies to the H2 data directory, not to --in-memory or --postgres-url");
            return 2;
        }
        Path dir = settings.dataDir().toAbsolutePath().normalize();
        System.out.println("Compacting the H2 store in " + dir + " ...");
        try {
            H2Compaction done = Objects.requireNonNull(R2dbcEventStores.compactH2File(dir).block(Duration.ofHours(6)), "completed empty");
            System.out.printf(Locale.ROOT, "Compacted %s: %.1f MiB -> %.1f MiB%n", done.file(),
                    done.bytesBefore() / 1048576.0, done.bytesAfter() / 1048576.0);
            return 0;
        } catch (RuntimeException e) {
            System.err.println("Could not compact " + dir + ": " + e.getMessage()
                    + " (is the relay still running on it?)");
            return 1;
        }
    }

    /**
     * The store the settings ask for: in memory, PostgreSQL, an H2 file, or (the default) LMDB in the data
     * directory, after importing an H2 store into it if asked.
     *
     * @throws IllegalArgumentException for contradictory settings
     * @throws IllegalStateException if the data directory is in use by another relay
     */
    static EventStore openStore(RelayServerSettings settings) {
        if (settings.cluster() && settings.postgresUrl().isBlank()) {
            throw new IllegalArgumentException("--cluster needs --postgres-url: the nodes share one PostgreSQL database");
        }
        if (settings.importFromH2() != null && (settings.inMemory() || !settings.postgresUrl().isBlank()
                || !settings.store().equals("lmdb"))) {
            throw new IllegalArgumentException("--import-from-h2 imports into the LMDB store (--store lmdb)");
        }
        if (settings.inMemory()) {
            System.out.println("Store: in memory (events are lost when the relay stops)");
            return MemoryEventStore.create();
        }
        if (!settings.postgresUrl().isBlank()) {
            PostgresUrl url = PostgresUrl.parse(settings.postgresUrl());
            System.out.println("Store: PostgreSQL " + url.host() + ":" + url.port() + "/" + url.database());
            return Objects.requireNonNull(R2dbcEventStores.postgres(url.host(), url.port(), url.database(), url.user(), url.password())
                    .block(Duration.ofSeconds(60)), "completed empty");
        }
        Path dir = settings.dataDir().toAbsolutePath().normalize();
        if (settings.store().equals("h2")) {
            System.out.println("Store: H2 file in " + dir);
            return Objects.requireNonNull(R2dbcEventStores.h2File(dir).block(Duration.ofSeconds(60)), "completed empty");
        }
        if (settings.importFromH2() == null && Files.exists(dir.resolve("events.mv.db"))
                && !Files.exists(dir.resolve("data.mdb"))) {
            System.out.println("Note: " + dir + " holds an H2 store; serving a new LMDB store beside it. Use"
                    + " --store h2 to keep serving H2, or --import-from-h2 " + dir + " to move its events to LMDB.");
        }
        System.out.println("Store: LMDB in " + dir);
        LmdbEventStore lmdb = Objects.requireNonNull(LmdbEventStore.open(dir).block(Duration.ofSeconds(60)), "completed empty");
        Path importFrom = settings.importFromH2();
        if (importFrom != null) {
            importFromH2(importFrom.toAbsolutePath().normalize(), lmdb);
        }
        return lmdb;
    }

    /** Copies every event of the H2 store in {@code h2Dir} into {@code target}, streamed (constant memory). */
    static long importFromH2(Path h2Dir, EventStore target) {
        if (!Files.exists(h2Dir.resolve("events.mv.db"))) {
            throw new IllegalArgumentException("--import-from-h2: no H2 store (events.mv.db) in " + h2Dir);
        }
        System.out.println("Importing the H2 store in " + h2Dir + " ...");
        EventStore h2 = Objects.requireNonNull(R2dbcEventStores.h2File(h2Dir).block(Duration.ofSeconds(60)), "completed empty");
        try {
            long stored = Objects.requireNonNull(target.importEvents(h2.export()).block(Duration.ofHours(6)), "completed empty");
            System.out.println("Imported " + stored + " new events from " + h2Dir
                    + " (already present ones are skipped); the H2 files are left untouched");
            return stored;
        } finally {
            h2.close().block(Duration.ofSeconds(60));
        }
    }
}
