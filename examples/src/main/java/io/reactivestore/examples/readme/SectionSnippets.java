package io.reactivestore.examples.readme;

import io.r2dbc.spi.Connection;
import io.reactivestore.anchor.AnchorStore;
import io.reactivestore.anchor.AnchorStores;
import io.reactivestore.anchor.AnchorSync;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.Ref;
import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.outbox.BroadcastReport;
import io.reactivestore.outbox.OutboxBroadcaster;
import io.reactivestore.outbox.OutboxConfig;
import io.reactivestore.outbox.OutboxEvent;
import io.reactivestore.outbox.OutboxStore;
import io.reactivestore.outbox.SqlOutbox;
import io.reactivestore.relay.client.OkResult;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.replica.ReplicaBlobStore;
import io.reactivestore.store.EventLimits;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.store.retention.Retention;
import io.reactivestore.store.retention.RetentionPolicy;
import io.reactivestore.store.sharded.ShardedEventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * README snippets that need outside resources (a PostgreSQL server, a data directory, other stores): each
 * is a region of a method here, compiled with the build but not run; the names the snippets use without
 * defining are the methods' parameters.
 */
final class SectionSnippets {

    private SectionSnippets() {
    }

    static void storageBackends() {
        // tag::storage-backends[]
        R2dbcEventStore store = R2dbcEventStores.h2File(Path.of("./data")).block();  // ./data/events.mv.db
        R2dbcEventStore mem   = R2dbcEventStores.h2InMemory().block();                // tests
        R2dbcEventStore pg    = R2dbcEventStores.builder()
                .postgres("localhost", 5432, "relay", "relay", System.getenv("PGPASSWORD"))
                .limits(new EventLimits(65_536, 32_768, 500, 16, 512))  // json, content, tags, tag size, string bytes
                .maxBatch(500).queueCapacity(10_000).maxConnections(8)
                .open().block();                                        // opening applies the migrations
        // end::storage-backends[]
    }

    static void sharded(EventStore notesStore, EventStore longFormStore, EventStore everythingElse) {
        // tag::sharded-store[]
        EventStore sharded = ShardedEventStore.builder()
                .kinds(notesStore, 1)                                   // kind 1 here
                .kinds(longFormStore, k -> k >= 30000 && k < 40000)     // addressable kinds here
                .otherwise(everythingElse)
                .build();
        // end::sharded-store[]
    }

    static void lmdb() {
        // tag::lmdb[]
        LmdbEventStore store = LmdbEventStore.open(Path.of("./data")).block();
        LmdbEventStore tuned = LmdbEventStore.builder(Path.of("./data"))
                .initialMapSize(64L << 20).maxMapSize(1L << 40)     // the map doubles by itself when full, up to the maximum
                .maxBatch(256).queueCapacity(4096).readers(4, 100_000)
                .cachedEvents(32_768)                                 // newest events kept parsed in the heap
                .open().block();
        // end::lmdb[]
    }

    static void retention(EventStore store) {
        // tag::retention[]
        Retention retention = Retention.start(store, RetentionPolicy.builder()
                .maxAge(Duration.ofDays(90))                 // regular events older than 90 days
                .maxAge(7, Duration.ofDays(7))               // reactions after a week (any kind; overrides the general age)
                .maxBytes(50L << 30)                         // oldest regular events first while the data is over 50 GiB
                .maxDeletionsPerRound(1_000).interval(Duration.ofMinutes(1))
                .build(), Schedulers.parallel());
        retention.dispose();                                 // stops it
        // end::retention[]
    }

    @SuppressWarnings("NullAway") // README snippet: block() on a Mono that always emits; null checks would clutter it
    static void anchors(byte[] bytes, JsonNode jsonNode, AnchorStore a, AnchorStore b, AnchorStore c) {
        // tag::anchors[]
        AnchorStore store = AnchorStores.inDirectory(Path.of("./data"));   // or inMemory(), or AnchorStores.of(blobs, cell)
        Ref v1 = store.put(bytes).block().ref();
        store.put("profile", v1, Instant.now())                           // history: time order, no two equal refs adjacent
             .then(store.get("profile", Instant.now()))                   // latest ref not later than the time
             .subscribe(ref -> System.out.println(ref));
        store.putTyped("config/v1", jsonNode).block();                     // JSON with its type; refsOfType("config/v1") finds it
        AnchorSync.sync(List.of(a, b, c)).block();                         // ring sync: every store ends with every anchor*
        // end::anchors[]
    }

    static void replica(BlobStore local, BlobStore remote1, BlobStore remote2) {
        // tag::replica[]
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(local), List.of(remote1, remote2), 256);
        // end::replica[]
    }

    /** How the application knows that an outbox event was dealt with already. */
    interface Votes {
        Mono<Boolean> alreadyResolved(UUID id);
    }

    /** Whether this node may broadcast now, for example as the current proposer. */
    interface Consensus {
        Mono<Boolean> isProposer();
    }

    @SuppressWarnings("NullAway") // README snippet: block() on a Mono that always emits; null checks would clutter it
    static void outbox(Votes votes, Consensus consensus, byte[] payload, RelayClient relay, Connection c,
            List<UUID> ids) {
        // tag::outbox[]
        OutboxConfig config = OutboxConfig.builder()
                .eventTypes("deposit")                                   // anything else: UnknownEventTypeException
                .processedCheck(id -> votes.alreadyResolved(id))         // Mono<Boolean>: processed events are ignored
                .build();
        OutboxStore<Connection> outbox = SqlOutbox.h2File(Path.of("./data"), "outbox", config).block();
        outbox.store(payload, "deposit").block();                        // id = name-based UUID of (type, data)

        // broadcaster side: rounds of at most batchSize events, each marked broadcast, published, marked received
        Mono<BroadcastReport> round = OutboxBroadcaster.builder(outbox, e -> relay.publish(toNostr(e)).map(OkResult::accepted))
                .batchSize(100)
                .eligibility(() -> consensus.isProposer())               // no: nothing sent, nothing marked
                .build()
                .run();

        // consumer side, in its own R2DBC transaction on connection c (auto-commit off):
        Mono<Void> resolved = resolve(c, ids).then(outbox.delete(c, ids)); // the deletion commits with the resolution
        // transactional outbox: the outbox change commits (or rolls back) with the caller's own rows
        Mono<Void> received = saveBlock(c).then(outbox.in(c).markReceived(ids.get(0)));
        // end::outbox[]
    }

    private static Event toNostr(OutboxEvent e) {
        return KeyPair.generate().sign(UnsignedEvent.of(1, e.id().toString()));
    }

    private static Mono<Void> saveBlock(Connection c) {
        return Mono.from(c.createStatement("SELECT 1").execute()).then();
    }

    private static Mono<Void> resolve(Connection c, List<UUID> ids) {
        return Mono.from(c.createStatement("SELECT 1").execute()).then();
    }
}
