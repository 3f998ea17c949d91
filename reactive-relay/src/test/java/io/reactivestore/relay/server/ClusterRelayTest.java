package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.relay.message.RelayMessage;
import io.reactivestore.store.feed.ChangeFeed;
import io.reactivestore.store.r2dbc.postgres.PostgresEphemeralChannel;
import io.reactivestore.store.r2dbc.postgres.PostgresNotifications;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Three relay nodes in one JVM, each with its own store instance and its own listening connection, on
 * one embedded PostgreSQL database: live delivery across nodes, exactly once, through listener kills;
 * replaceable and deletion races reaching one final state on every node.
 */
@Tag("integration")
class ClusterRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TestDatabases.PostgresDatabase db;
    private final List<NostrRelay> nodes = new ArrayList<>();
    private final List<RawClient> clients = new ArrayList<>();

    private ConnectionFactory connections(String applicationName) {
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder().host(db.host())
                .port(db.port()).database(db.database()).username(db.user()).password(db.password())
                .applicationName(applicationName).build());
    }

    private NostrRelay node(String name) {
        R2dbcEventStore store = R2dbcEventStores.postgres(db.host(), db.port(), db.database(), db.user(),
                db.password()).block(TIMEOUT);
        Flux<Event> others = ChangeFeed.builder(store).wakeUps(PostgresNotifications.wakeUps(connections("listen-" + name)))
                .pollEvery(Duration.ofHours(1)) // only notifications (and reconnects) wake the feed up here
                .build().foreignEvents();
        PostgresEphemeralChannel ephemeral = PostgresEphemeralChannel.start(connections("ephemeral-" + name));
        NostrRelay relay = NostrRelay.start(store, RelayOptions.builder().host("127.0.0.1").port(0)
                .eventsPerSecondPerIp(0).clusterNode(name).onEphemeralEvent(ephemeral::offer)
                .externalEvents(Flux.merge(others, ephemeral.received()).doFinally(s -> ephemeral.dispose()))
                .build()).block(TIMEOUT);
        nodes.add(relay);
        return relay;
    }

    private RawClient client(NostrRelay relay) {
        RawClient client = RawClient.connect(relay.url());
        clients.add(client);
        return client;
    }

    /** Kills the listening connection of node {@code name}, as a network fault would; returns how many. */
    private long killListener(String name) {
        return Mono.usingWhen(Mono.from(connections("admin").create()),
                c -> Flux.from(c.createStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE datname = $1 AND application_name = $2")
                        .bind(0, db.database()).bind(1, "listen-" + name).execute())
                        .flatMap(r -> r.map((row, m) -> ((Number) row.get(0)).longValue())).next(),
                Connection::close).block(TIMEOUT);
    }

    @BeforeEach
    void start() {
        db = TestDatabases.freshPostgres();
    }

    @AfterEach
    void stop() {
        clients.forEach(RawClient::close);
        nodes.forEach(n -> n.shutdown().block(TIMEOUT));
        db.drop();
    }

    /**
     * Waits until {@code count} nodes listen: a feed subscribes to its wake-ups only after reading its
     * starting point, so a node listening follows the log.
     */
    private void awaitListeners(int count) throws InterruptedException {
        awaitListeners("listen-%", count);
    }

    /** Waits until {@code count} connections whose application name is like {@code names} listen. */
    private void awaitListeners(String names, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (listeners(names) < count) {
            assertThat(System.nanoTime()).as("%d nodes listening within %s", count, TIMEOUT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private long listeners(String names) {
        return Mono.usingWhen(Mono.from(connections("admin").create()),
                c -> Flux.from(c.createStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = $1"
                                + " AND application_name LIKE $2 AND query LIKE 'LISTEN%'")
                        .bind(0, db.database()).bind(1, names).execute())
                        .flatMap(r -> r.map((row, m) -> ((Number) row.get(0)).longValue())).next(),
                Connection::close).block(TIMEOUT);
    }

    @Test
    void aSubscriberOnCReceivesEveryEventPublishedOnAAndBOnceEvenWhileCsListenerIsKilled()
            throws InterruptedException {
        NostrRelay a = node("a");
        NostrRelay b = node("b");
        NostrRelay c = node("c");
        RawClient onA = client(a);
        RawClient onB = client(b);
        KeyPair keys = KeyPair.generate();
        awaitListeners(3);
        RawClient subscriberOnC = client(c);
        RawClient subscriberOnA = client(a);
        Filter notes = Filter.builder().kinds(1).authors(keys.publicKey()).build();
        assertThat(subscriberOnC.query("live", notes)).isEmpty();
        assertThat(subscriberOnA.query("live", notes)).isEmpty();

        List<Event> published = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            if (i == 20 || i == 40) {
                awaitListeners(3); // C may still be reconnecting from the previous kill
                assertThat(killListener("c")).as("C's listening connection").isEqualTo(1);
            }
            // created_at deliberately out of order: delivery follows the store's sequence, not time
            Event e = RelayHarness.signed(keys, 1, RelayHarness.now() - (i % 7) * 100, "note " + i, List.of());
            published.add(e);
            assertThat((i % 2 == 0 ? onA : onB).publishAndAwait(e).accepted()).isTrue();
        }

        assertThat(liveEvents(subscriberOnC, "live", 60)).as("C: each event of A and B once")
                .containsExactlyInAnyOrderElementsOf(published);
        assertThat(liveEvents(subscriberOnA, "live", 60)).as("A: its own and B's, each once")
                .containsExactlyInAnyOrderElementsOf(published);
        subscriberOnC.assertNothingWithin(Duration.ofMillis(500));
        subscriberOnA.assertNothingWithin(Duration.ofMillis(200));
    }

    @Test
    void anEphemeralEventPublishedOnOneNodeReachesSubscribersOnEveryNodeOnce() throws InterruptedException {
        NostrRelay a = node("a");
        NostrRelay b = node("b");
        NostrRelay c = node("c");
        awaitListeners(3);
        awaitListeners("ephemeral-%", 3);
        KeyPair keys = KeyPair.generate();
        Filter typing = Filter.builder().kinds(20_001).authors(keys.publicKey()).build();
        List<RawClient> subscribers = List.of(client(a), client(b), client(c));
        for (RawClient s : subscribers) {
            assertThat(s.query("eph", typing)).isEmpty();
        }
        RawClient onA = client(a);
        RawClient onC = client(c);
        List<Event> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Event e = RelayHarness.signed(keys, 20_001, RelayHarness.now(), "typing " + i, List.of());
            sent.add(e);
            assertThat((i % 2 == 0 ? onA : onC).publishAndAwait(e).accepted()).isTrue();
        }
        for (int n = 0; n < 3; n++) {
            assertThat(liveEvents(subscribers.get(n), "eph", 10)).as("node %d: each ephemeral event once", n)
                    .containsExactlyInAnyOrderElementsOf(sent);
        }
        for (RawClient s : subscribers) {
            s.assertNothingWithin(Duration.ofMillis(300));
        }
        assertThat(onA.query("stored", typing)).as("never stored").isEmpty();
    }

    private static List<Event> liveEvents(RawClient client, String subId, int count) {
        List<Event> events = new ArrayList<>();
        while (events.size() < count) {
            RelayMessage m = client.next();
            if (m instanceof RelayMessage.EventMessage e && e.subscriptionId().equals(subId)) {
                events.add(e.event());
            }
        }
        return events;
    }

    @Test
    void replaceableVersionsAndDeletionsRacedOverTheNodesEndInOneStateEverywhere() throws InterruptedException {
        List<NostrRelay> relays = List.of(node("a"), node("b"), node("c"));
        awaitListeners(3);
        List<RawClient> publishers = relays.stream().map(this::client).toList();
        List<RawClient> readers = relays.stream().map(this::client).toList();
        Random random = new Random(14);
        for (int trial = 0; trial < 8; trial++) {
            KeyPair keys = KeyPair.generate();
            long base = RelayHarness.now() - 1000;
            // five versions of one replaceable address, sent all at once to random nodes in a random order
            List<Event> versions = new ArrayList<>();
            for (int v = 0; v < 5; v++) {
                versions.add(RelayHarness.signed(keys, 0, base + v, "{\"name\":\"v" + v + "\"}", List.of()));
            }
            // a note and its deletion request, on different random nodes, raced with the versions
            Event doomed = RelayHarness.signed(keys, 1, base, "doomed " + trial, List.of());
            Event deletion = RelayHarness.signed(keys, 5, base + 1, "", List.of(List.of("e", doomed.id())));
            List<Event> all = new ArrayList<>(versions);
            all.add(doomed);
            all.add(deletion);
            Collections.shuffle(all, random);
            Map<RawClient, Set<String>> unanswered = new HashMap<>();
            for (Event e : all) {
                RawClient via = publishers.get(random.nextInt(3));
                via.publish(e);
                unanswered.computeIfAbsent(via, v -> new HashSet<>()).add(e.id());
            }
            awaitOks(unanswered);

            for (int n = 0; n < 3; n++) {
                RawClient reader = readers.get(n);
                assertThat(reader.query("p" + trial, Filter.builder().kinds(0).authors(keys.publicKey()).build()))
                        .as("trial %d node %d: the newest version only", trial, n)
                        .containsExactly(versions.get(4));
                assertThat(reader.query("d" + trial, Filter.builder().ids(doomed.id()).build()))
                        .as("trial %d node %d: the deleted note is gone", trial, n).isEmpty();
                reader.send("[\"CLOSE\",\"p" + trial + "\"]");
                reader.send("[\"CLOSE\",\"d" + trial + "\"]");
            }
            RelayMessage.Ok again = publishAndAwaitItsOk(publishers.get(random.nextInt(3)), doomed);
            assertThat(again.accepted()).as("trial %d: the deleted note cannot come back", trial).isFalse();
        }
    }

    /**
     * Publishes and returns the OK for this event, skipping OKs still due for earlier ones: a relay answers
     * each event when its save completes, so OKs of one connection's concurrent publishes may come in any order.
     */
    private static RelayMessage.Ok publishAndAwaitItsOk(RawClient client, Event event) {
        client.publish(event);
        while (true) {
            RelayMessage.Ok ok = client.skipTo(RelayMessage.Ok.class);
            if (ok.eventId().equals(event.id())) {
                return ok;
            }
        }
    }

    /**
     * Waits for the OK of every event each client published: the OKs of one connection's concurrent publishes
     * may come in any order, so a later publish's OK (a barrier) says nothing of the earlier ones.
     */
    private static void awaitOks(Map<RawClient, Set<String>> unanswered) {
        for (Map.Entry<RawClient, Set<String>> entry : unanswered.entrySet()) {
            Set<String> left = new HashSet<>(entry.getValue());
            while (!left.isEmpty()) {
                if (entry.getKey().next() instanceof RelayMessage.Ok ok) {
                    left.remove(ok.eventId());
                }
            }
        }
    }
}
