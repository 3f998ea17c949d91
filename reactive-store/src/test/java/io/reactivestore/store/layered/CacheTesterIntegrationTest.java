package io.reactivestore.store.layered;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The layer2 cache tester as a test: L1 capped at 256 KiB over an L2 of 12 000 events, a run of
 * random queries (skewed towards some authors) and writes. After every collection L1 is inside its
 * cap (measured on L1 itself, not only on the store's index), every query answers exactly what L2
 * alone answers, and events the collection evicted come back from L2 when queried. The runnable
 * example {@code io.reactivestore.examples.CacheTester} does the same at a larger scale.
 */
class CacheTesterIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long MAX_BYTES = 256 * 1024;
    private static final int L2_EVENTS = 12_000;
    private static final int AUTHORS = 100;
    private static final int ROUNDS = 40;
    private static final int OPERATIONS_PER_ROUND = 50;
    private static final long START = 1_700_000_000L;

    private final Random random = new Random(42);
    private final List<KeyPair> authors = IntStream.range(0, AUTHORS).mapToObj(i -> KeyPair.generate()).toList();
    private final MemoryEventStore l1 = MemoryEventStore.create();
    private final MemoryEventStore l2 = MemoryEventStore.create();
    private final LayeredEventStore store = LayeredEventStore.builder(l1, l2).maxBytes(MAX_BYTES)
            .collectEvery(Duration.ofMillis(200)).build();
    private final List<Event> known = new ArrayList<>();
    private long clock = START;

    @AfterEach
    void close() {
        store.close().block(TIMEOUT);
    }

    private KeyPair someAuthor() {
        // a skewed choice: author i is picked with probability about proportional to 1 / (i + 1)
        double u = random.nextDouble();
        int i = (int) Math.floor(Math.pow(AUTHORS + 1, u)) - 1;
        return authors.get(Math.min(Math.max(i, 0), AUTHORS - 1));
    }

    private Event newEvent() {
        KeyPair author = someAuthor();
        long at = clock++;
        int pick = random.nextInt(20);
        UnsignedEvent unsigned = pick == 0 ? new UnsignedEvent(at, 0, List.of(), "{\"name\":\"v" + at + "\"}")
                : new UnsignedEvent(at, 1, List.of(List.of("t", "topic" + random.nextInt(30))),
                        "note " + at + " " + "x".repeat(random.nextInt(200)));
        return author.sign(unsigned);
    }

    private Filter someFilter() {
        return switch (random.nextInt(4)) {
            case 0 -> Filter.builder().authors(someAuthor().publicKey()).limit(50).build();
            case 1 -> Filter.builder().kinds(1).tag("t", "topic" + random.nextInt(30)).limit(30).build();
            case 2 -> Filter.builder().ids(known.get(random.nextInt(known.size())).id()).build();
            default -> Filter.builder().authors(someAuthor().publicKey()).kinds(0).build();
        };
    }

    private static List<Event> run(EventStore s, Filter f) {
        return s.query(f).collectList().block(TIMEOUT);
    }

    /** Waits (bounded) until every miss offered to the back-fill has been saved into L1 or dropped. */
    private void awaitBackfillIdle() {
        store.idle().block(TIMEOUT);
    }

    private Set<String> l1Ids() {
        return l1.export().map(Event::id).collect(Collectors.toSet()).block(TIMEOUT);
    }

    @Test
    void l1StaysInsideItsCapAndEveryAnswerIsL2s() {
        List<Event> history = new ArrayList<>();
        for (int i = 0; i < L2_EVENTS; i++) {
            history.add(newEvent());
        }
        l2.importEvents(Flux.fromIterable(history)).block(TIMEOUT);
        known.addAll(history);
        long collectionsSeen = 0;
        int evictedChecked = 0;

        for (int round = 0; round < ROUNDS; round++) {
            for (int op = 0; op < OPERATIONS_PER_ROUND; op++) {
                if (random.nextInt(5) == 0) {
                    Event e = newEvent();
                    store.save(e).block(TIMEOUT);
                    known.add(e);
                } else {
                    Filter f = someFilter();
                    assertThat(run(store, f)).as("layered answer to %s", f).isEqualTo(run(l2, f));
                }
            }
            awaitBackfillIdle();
            Set<String> before = l1Ids();
            CollectionReport report = store.collect().block(TIMEOUT);
            if (report == null) {
                continue; // the scheduled collector was running; the next round checks
            }
            List<Event> cached = l1.export().collectList().block(TIMEOUT);
            long cachedBytes = cached.stream().mapToLong(Event::jsonLength).sum();
            assertThat(cachedBytes).as("L1 bytes after a collection").isLessThanOrEqualTo(MAX_BYTES);
            assertThat(store.stats().l1Bytes()).isEqualTo(cachedBytes);
            assertThat(store.stats().l1Events()).isEqualTo(cached.size());

            Set<String> evicted = new HashSet<>(before);
            evicted.removeAll(cached.stream().map(Event::id).collect(Collectors.toSet()));
            for (String id : evicted.stream().limit(5).toList()) {
                Filter byId = Filter.builder().ids(id).build();
                assertThat(run(store, byId)).extracting(Event::id).containsExactly(id);
                evictedChecked++;
            }
            collectionsSeen++;
        }

        LayeredStats stats = store.stats();
        assertThat(collectionsSeen).isPositive();
        assertThat(evictedChecked).as("evicted events were queried again").isPositive();
        assertThat(stats.evicted()).isPositive();
        assertThat(stats.hits()).isPositive();
        assertThat(stats.misses()).isPositive();
    }
}
