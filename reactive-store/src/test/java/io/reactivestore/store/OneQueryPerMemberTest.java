package io.reactivestore.store;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.BOB;
import static io.reactivestore.testing.TestEvents.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.store.composite.CompositeEventStore;
import io.reactivestore.store.layered.LayeredEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.store.sharded.RecordingStore;
import io.reactivestore.store.sharded.ShardedEventStore;
import io.reactivestore.testing.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Layered, composite and sharded stores ask each member ONE query per call, however many filters it
 * has (before, each filter with a limit was a query of its own, so an N-filter REQ cost about 2N member
 * queries competing for the pool), and still answer as one store holding every event would: checked
 * against a reference store over random multi-filter queries, on real memory and H2 members.
 */
class OneQueryPerMemberTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<KeyPair> AUTHORS = List.of(ALICE, BOB, CAROL);
    private static final List<Event> EVENTS = new ArrayList<>();

    private final List<EventStore> toClose = new ArrayList<>();

    @BeforeAll
    static void events() {
        Random random = new Random(16);
        for (int i = 0; i < 90; i++) {
            KeyPair author = AUTHORS.get(random.nextInt(AUTHORS.size()));
            int kind = List.of(1, 7, 30).get(random.nextInt(3));
            long createdAt = 1000 + random.nextInt(40); // many ties: the id orders them
            EVENTS.add(TestEvents.event(author, kind, createdAt, "e" + i, "t", "t" + random.nextInt(4),
                    "e", Character.toString('a' + random.nextInt(3)).repeat(64)));
        }
    }

    @AfterEach
    void close() {
        Flux.fromIterable(toClose).concatMap(EventStore::close).blockLast(TIMEOUT);
    }

    private <S extends EventStore> S closeLater(S store) {
        toClose.add(store);
        return store;
    }

    private RecordingStore memory() {
        return new RecordingStore(MemoryEventStore.create());
    }

    private RecordingStore h2() {
        return new RecordingStore(R2dbcEventStores.h2InMemory().block(TIMEOUT));
    }

    private static List<List<Filter>> queries(long seed) {
        Random random = new Random(seed);
        List<List<Filter>> queries = new ArrayList<>();
        for (int q = 0; q < 25; q++) {
            List<Filter> filters = new ArrayList<>();
            int n = 2 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                Filter.Builder b = Filter.builder();
                switch (random.nextInt(4)) {
                    case 0 -> b.authors(AUTHORS.get(random.nextInt(3)).publicKey());
                    case 1 -> b.kinds(List.of(1, 7, 30).get(random.nextInt(3)));
                    case 2 -> b.tag("t", "t" + random.nextInt(4));
                    default -> b.tag("e", Character.toString('a' + random.nextInt(3)).repeat(64))
                            .tag("t", "t" + random.nextInt(4));
                }
                if (random.nextInt(5) > 0) {
                    b.limit(random.nextInt(8));
                }
                if (random.nextInt(4) == 0) {
                    b.since(1000 + random.nextInt(20));
                }
                filters.add(b.build());
            }
            queries.add(filters);
        }
        return queries;
    }

    /** Every query answers like the reference, and each member was asked at most once per query. */
    private void check(EventStore store, List<RecordingStore> members) {
        MemoryEventStore reference = closeLater(MemoryEventStore.create());
        reference.importEvents(Flux.fromIterable(EVENTS)).block(TIMEOUT);
        for (List<Filter> filters : queries(7)) {
            members.forEach(m -> m.queries().clear());
            List<String> expected = ids(reference.query(filters));

            assertThat(ids(store.query(filters))).as("%s", filters).isEqualTo(expected);
            for (RecordingStore member : members) {
                assertThat(member.queries()).as("queries of one member for %s", filters).hasSizeLessThanOrEqualTo(1);
            }
            assertThat(members.stream().mapToInt(m -> m.queries().size()).sum()).isPositive();
        }
    }

    private static List<String> ids(Flux<Event> events) {
        return events.map(Event::id).collectList().block(TIMEOUT);
    }

    private void saveAll(EventStore store, Function<Event, EventStore> target) {
        Flux.fromIterable(EVENTS).concatMap(e -> target.apply(e).save(e)).blockLast(TIMEOUT);
    }

    @Test
    void aCompositeAsksEachMemberOnce() {
        RecordingStore a = memory();
        RecordingStore b = h2();
        CompositeEventStore composite = closeLater(CompositeEventStore.of(a, b));
        // diverging members: a third of the events only in a, a third only in b
        saveAll(composite, e -> EVENTS.indexOf(e) % 3 == 0 ? a : EVENTS.indexOf(e) % 3 == 1 ? b : composite);

        check(composite, List.of(a, b));
    }

    @Test
    void aShardedStoreAsksEachShardOnce() {
        RecordingStore notes = memory();
        RecordingStore reactions = h2();
        RecordingStore rest = memory();
        ShardedEventStore sharded = closeLater(ShardedEventStore.builder().kinds(notes, 1).kinds(reactions, 7)
                .otherwise(rest).build());
        saveAll(sharded, e -> sharded);

        check(sharded, List.of(notes, reactions, rest));
    }

    @Test
    void aLayeredStoreAsksEachLevelOnce() {
        RecordingStore l1 = memory();
        RecordingStore l2 = h2();
        LayeredEventStore layered = closeLater(LayeredEventStore.builder(l1, l2).maxEvents(40)
                .collectEvery(Duration.ofHours(1)).build());
        // half the events reach L1 too, the other half L2 only, so queries mix hits and misses
        saveAll(layered, e -> EVENTS.indexOf(e) % 2 == 0 ? layered : l2);

        check(layered, List.of(l1, l2));
    }

    @Test
    void limitsApplyToTheMergedAnswerPerFilter() {
        RecordingStore a = memory();
        RecordingStore b = memory();
        CompositeEventStore composite = closeLater(CompositeEventStore.of(a, b));
        Event old = TestEvents.note(ALICE, 10, "old", "t", "x");
        Event newer = TestEvents.note(BOB, 20, "newer", "t", "x");
        Event newest = TestEvents.note(ALICE, 30, "newest", "t", "y");
        a.save(old).block(TIMEOUT);
        b.save(newer).block(TIMEOUT);
        a.save(newest).block(TIMEOUT);
        List<Filter> filters = List.of(Filter.builder().tag("t", "x").limit(1).build(),
                Filter.builder().authors(ALICE.publicKey()).limit(1).build());

        // a alone answers [newest, old] (old is its newest #t:x); the union's newest #t:x is newer
        assertThat(ids(composite.query(filters))).containsExactly(newest.id(), newer.id());
        assertThat(a.queries()).hasSize(1);
        assertThat(b.queries()).hasSize(1);
    }
}
