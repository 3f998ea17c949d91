package io.reactivestore.store.r2dbc;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.BOB;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.feed.ChangeFeed;
import io.reactivestore.store.r2dbc.postgres.PostgresNotifications;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The change feed on PostgreSQL: two store instances ("nodes") on one database, following each other. */
@Tag("integration")
class PostgresChangeFeedTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long NOW = System.currentTimeMillis() / 1000;

    private final TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
    private final ConnectionFactory plain = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration
            .builder().host(db.host()).port(db.port()).database(db.database()).username(db.user())
            .password(db.password()).applicationName("change-feed-test").build());
    private final List<R2dbcEventStore> stores = new ArrayList<>();
    private final List<Disposable> feeds = new ArrayList<>();

    private R2dbcEventStore node() {
        R2dbcEventStore store = R2dbcEventStores.postgres(db.host(), db.port(), db.database(), db.user(),
                db.password()).block(TIMEOUT);
        stores.add(store);
        return store;
    }

    /** Follows {@code store}'s log on notifications alone (the periodic read is hourly). */
    private ChangeFeed followByNotifications(R2dbcEventStore store, List<Event> foreign) {
        return follow(ChangeFeed.builder(store).pollEvery(Duration.ofHours(1)), foreign);
    }

    private ChangeFeed follow(ChangeFeed.Builder builder, List<Event> foreign) {
        ChangeFeed feed = builder.wakeUps(PostgresNotifications.wakeUps(plain)).build();
        feeds.add(feed.foreignEvents().subscribe(foreign::add));
        return feed;
    }

    /**
     * Begins a transaction on {@code c} that inserts {@code e} as the store's writers do (transaction number
     * first, then the sequence number) and leaves it open.
     */
    private static void insertUncommitted(Connection c, Event e) {
        Mono.from(c.beginTransaction()).block(TIMEOUT);
        Flux.from(c.createStatement("SELECT txid_current()").execute()).flatMap(r -> r.map((row, m) -> 1))
                .blockLast(TIMEOUT);
        Flux.from(c.createStatement("INSERT INTO events (id, pubkey, created_at, kind, json) VALUES"
                                + " (decode($1, 'hex'), decode($2, 'hex'), $3, $4, $5)")
                        .bind(0, e.id()).bind(1, e.pubkey()).bind(2, e.createdAt()).bind(3, e.kind())
                        .bind(4, e.jsonBytes()).execute())
                .flatMap(r -> r.getRowsUpdated()).blockLast(TIMEOUT);
    }

    @AfterEach
    void close() {
        feeds.forEach(Disposable::dispose);
        stores.forEach(s -> s.close().block(TIMEOUT));
        db.drop();
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + TIMEOUT + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Saves probes through {@code writer} until {@code foreign} holds one: the feed is following. */
    private static void following(R2dbcEventStore writer, List<Event> foreign) throws InterruptedException {
        eventually("the feed follows", () -> {
            writer.save(note(BOB, NOW, "probe " + System.nanoTime())).block(TIMEOUT);
            return !foreign.isEmpty();
        });
        Thread.sleep(200);
        foreign.clear();
    }

    @Test
    void everyEventStoredElsewhereIsSeenOnceWhateverItsCreatedAtAndOwnSavesAreNot() throws InterruptedException {
        R2dbcEventStore a = node();
        R2dbcEventStore b = node();
        List<Event> foreignToB = new CopyOnWriteArrayList<>();
        followByNotifications(b, foreignToB);
        following(a, foreignToB);

        Event newest = note(ALICE, NOW, "newest");
        Event olderBy3s = note(ALICE, NOW - 3, "3 s older, saved later");
        Event aYearOlder = note(ALICE, NOW - 365 * 86_400, "a year older, saved last");
        Event byB = note(ALICE, NOW, "saved by b itself");
        a.save(newest).block(TIMEOUT);
        a.save(olderBy3s).block(TIMEOUT);
        b.save(byB).block(TIMEOUT);
        a.save(aYearOlder).block(TIMEOUT);
        eventually("b sees a's three events", () -> foreignToB.size() >= 3);
        a.save(newest).block(TIMEOUT); // a duplicate writes nothing
        Thread.sleep(300);

        assertThat(foreignToB).containsExactly(newest, olderBy3s, aYearOlder);
    }

    @Test
    void aLowerNumberCommittedAfterAHigherOneIsStillSeenOnce() throws InterruptedException {
        R2dbcEventStore a = node();
        R2dbcEventStore b = node();
        List<Event> foreignToB = new CopyOnWriteArrayList<>();
        followByNotifications(b, foreignToB);
        following(a, foreignToB);
        Event slow = note(ALICE, NOW, "inserted first, committed last");
        Event fast = note(ALICE, NOW, "inserted second, committed first");

        Connection c = Mono.from(plain.create()).block(TIMEOUT);
        try {
            insertUncommitted(c, slow);
            a.save(fast).block(TIMEOUT);
            eventually("b sees the higher number first", () -> foreignToB.contains(fast));
            Mono.from(c.commitTransaction()).block(TIMEOUT);
        } finally {
            Mono.from(c.close()).block(TIMEOUT);
        }
        eventually("b sees the lower number once it commits", () -> foreignToB.size() >= 2);
        a.save(note(ALICE, NOW, "later")).block(TIMEOUT);
        eventually("b goes on", () -> foreignToB.size() >= 3);

        assertThat(foreignToB.subList(0, 2)).containsExactly(fast, slow);
        assertThat(foreignToB).doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void eventsStoredWhileTheListeningConnectionIsKilledAreSeenOnceAfterItReconnects() throws InterruptedException {
        R2dbcEventStore a = node();
        R2dbcEventStore b = node();
        List<Event> foreignToB = new CopyOnWriteArrayList<>();
        followByNotifications(b, foreignToB);
        following(a, foreignToB);

        List<Event> written = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            if (i == 20 || i == 40) {
                // the listener may still be reconnecting from the previous kill: kill it once it is back
                eventually("a listening connection to kill", () -> PostgresAdmin.terminateListeners(plain, db.database()) > 0);
            }
            Event e = note(ALICE, NOW - i, "event " + i);
            written.add(e);
            a.save(e).block(TIMEOUT);
        }
        eventually("b sees all 60", () -> foreignToB.size() >= 60);
        Thread.sleep(300);

        assertThat(foreignToB).containsExactlyElementsOf(written);
    }

    @Test
    void aDeletionAndASaveOfTheSameEventOnTwoNodesAlwaysEndDeleted() {
        R2dbcEventStore a = node();
        R2dbcEventStore b = node();
        for (int round = 0; round < 40; round++) {
            Event e = note(ALICE, NOW, "raced " + round);
            Mono<SaveResult> save = b.save(e);
            Mono<Boolean> delete = a.delete(Deletion.byAuthor(e.id(), ALICE.publicKey()));
            Mono.when(round % 2 == 0 ? List.of(save, delete) : List.of(delete, save)).block(TIMEOUT);
            assertThat(a.query(Filter.builder().ids(e.id()).build()).collectList().block(TIMEOUT))
                    .as("round %d: the tombstone wins whatever the interleaving", round).isEmpty();
        }
    }

    @Test
    void aCommitLongerAfterItsNumberWasDrawnThanTheGapTimeoutIsStillSeenOnce() throws InterruptedException {
        R2dbcEventStore a = node();
        R2dbcEventStore b = node();
        List<Event> foreignToB = new CopyOnWriteArrayList<>();
        ChangeFeed feed = follow(ChangeFeed.builder(b).pollEvery(Duration.ofMillis(100))
                .gapTimeout(Duration.ofMillis(500)), foreignToB);
        following(a, foreignToB);
        Event slow = note(ALICE, NOW, "drew its number, committed 2 s later");
        Event fast = note(ALICE, NOW, "committed at once");

        Connection c = Mono.from(plain.create()).block(TIMEOUT);
        try {
            insertUncommitted(c, slow);
            a.save(fast).block(TIMEOUT);
            eventually("b sees the higher number", () -> foreignToB.contains(fast));
            Thread.sleep(2000); // four gap timeouts: with the transaction horizon the gap is still kept
            Mono.from(c.commitTransaction()).block(TIMEOUT);
        } finally {
            Mono.from(c.close()).block(TIMEOUT);
        }
        eventually("b sees the late commit", () -> foreignToB.contains(slow));
        Thread.sleep(300);

        assertThat(foreignToB).containsExactly(fast, slow);
        assertThat(feed.gapsAbandoned()).isZero();
    }

    @Test
    void aTransactionThatDrewItsNumberBeforeTheFeedStartedAndCommitsAfterIsSeen() throws InterruptedException {
        R2dbcEventStore a = node();
        R2dbcEventStore b = node();
        Event early = note(ALICE, NOW, "numbered before b's feed started, committed after");
        List<Event> foreignToB = new CopyOnWriteArrayList<>();

        Connection c = Mono.from(plain.create()).block(TIMEOUT);
        try {
            insertUncommitted(c, early);
            a.save(note(BOB, NOW, "committed above it before the start")).block(TIMEOUT);
            followByNotifications(b, foreignToB);
            following(a, foreignToB);
            Mono.from(c.commitTransaction()).block(TIMEOUT);
        } finally {
            Mono.from(c.close()).block(TIMEOUT);
        }
        eventually("b sees the row numbered below its start", () -> foreignToB.contains(early));
        a.save(note(ALICE, NOW, "after")).block(TIMEOUT);
        eventually("b goes on", () -> foreignToB.size() >= 2);
        Thread.sleep(300);

        assertThat(foreignToB).containsExactly(early, foreignToB.get(1)).doesNotHaveDuplicates();
    }
}
