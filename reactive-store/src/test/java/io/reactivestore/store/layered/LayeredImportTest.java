package io.reactivestore.store.layered;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.BOB;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.ndjson.Ndjson;
import io.reactivestore.store.ndjson.NdjsonImportOptions;
import io.reactivestore.store.ndjson.NdjsonImportReport;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.testing.ForwardingEventStore;
import io.reactivestore.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A bulk import into a layered store is a write to the authoritative store only: L2 gets the events through
 * its own batched {@code importEvents}, L1 (the hot set) is untouched, and nothing is published live.
 */
class LayeredImportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long NOW = 1_700_000_000L;

    private final CountingStore l1 = new CountingStore(MemoryEventStore.create());
    private final CountingStore l2 = new CountingStore(MemoryEventStore.create());
    private LayeredEventStore layered;

    @AfterEach
    void close() {
        layered.close().block(TIMEOUT);
    }

    /** Counts the writes a level is asked for: single saves, and imports with the events they carried. */
    static final class CountingStore extends ForwardingEventStore {
        final AtomicInteger saves = new AtomicInteger();
        final AtomicInteger imports = new AtomicInteger();
        final AtomicInteger imported = new AtomicInteger();

        CountingStore(EventStore delegate) {
            super(delegate);
        }

        @Override
        public Mono<SaveResult> save(Event event) {
            saves.incrementAndGet();
            return super.save(event);
        }

        @Override
        public Mono<Long> importEvents(Flux<Event> events) {
            imports.incrementAndGet();
            return super.importEvents(events.doOnNext(e -> imported.incrementAndGet()));
        }
    }

    private static List<Event> backup(int n) {
        return IntStream.range(0, n).mapToObj(i -> note(i % 2 == 0 ? ALICE : BOB, NOW - 1000 + i, "old " + i)).toList();
    }

    @Test
    void ndjsonImportGoesToL2InBatchesAndLeavesTheHotSetInL1Alone() {
        layered = LayeredEventStore.builder(l1, l2).maxEvents(100).build();
        Event hot = note(ALICE, NOW, "hot");
        layered.save(hot).block(TIMEOUT);
        int savesBefore = l1.saves.get();
        List<Event> events = backup(1000);
        String ndjson = events.stream().map(Event::toJson).collect(Collectors.joining("\n"));

        NdjsonImportReport report = Ndjson.importInto(layered,
                new ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)), NdjsonImportOptions.DEFAULTS)
                .block(TIMEOUT);

        assertThat(report.stored()).isEqualTo(1000);
        assertThat(l1.saves.get()).as("L1 writes during the import").isEqualTo(savesBefore);
        assertThat(l1.imports.get()).isZero();
        assertThat(l1.export().collectList().block(TIMEOUT)).containsExactly(hot);
        assertThat(layered.stats().l1Events()).isEqualTo(1);
        assertThat(l2.saves.get()).as("L2 single saves: only the hot event").isEqualTo(1);
        assertThat(l2.imported.get()).isEqualTo(1000);
        assertThat(l2.imports.get()).as("batches, not one call per event").isBetween(1, 10);
        assertThat(layered.count(List.of(Filter.ALL)).block(TIMEOUT)).isEqualTo(1001);
    }

    @Test
    void importEventsOfASharedL2StoreIsNotPublishedLiveNorCachedByThePoller() throws InterruptedException {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        String database = TestDatabases.uniqueName("import");
        R2dbcEventStore otherNode = R2dbcEventStores.builder().h2InMemory(database).open().block(TIMEOUT);
        layered = LayeredEventStore.builder(l1, R2dbcEventStores.builder().h2InMemory(database).open().block(TIMEOUT))
                .maxEvents(100).pollEvery(Duration.ofSeconds(5)).scheduler(time).build();
        List<Event> live = new CopyOnWriteArrayList<>();
        layered.events().subscribe(live::add);
        awaitFollowing(time, otherNode, live); // a save before the feed's starting point is not part of its feed
        live.clear();
        List<Event> recent = IntStream.range(0, 20).mapToObj(i -> note(ALICE, NOW - 1, "recent " + i)).toList();

        assertThat(layered.importEvents(Flux.fromIterable(recent)).block(TIMEOUT)).isEqualTo(20);
        Event byAnotherNode = note(BOB, NOW, "saved into L2 by another node");
        otherNode.save(byAnotherNode).block(TIMEOUT);
        awaitLive(time, live, byAnotherNode);

        assertThat(live).as("imported events are not published live; other nodes' saves are")
                .containsExactly(byAnotherNode);
        assertThat(l1.export().collectList().block(TIMEOUT)).as("imported events are not cached by the poller")
                .contains(byAnotherNode).doesNotContainAnyElementsOf(recent);
        otherNode.close().block(TIMEOUT);
        time.dispose();
    }

    /** Saves probes through {@code otherNode} until one is published live: the feed is following. */
    private static void awaitFollowing(VirtualTimeScheduler time, R2dbcEventStore otherNode, List<Event> live)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (live.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the feed did not follow within " + TIMEOUT);
            }
            otherNode.save(note(BOB, NOW, "probe " + System.nanoTime())).block(TIMEOUT);
            for (int i = 0; i < 20 && live.isEmpty(); i++) {
                time.advanceTimeBy(Duration.ofSeconds(5));
                Thread.sleep(10);
            }
        }
    }

    private static void awaitLive(VirtualTimeScheduler time, List<Event> live, Event expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!live.contains(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not published within " + TIMEOUT + ": " + expected.content());
            }
            time.advanceTimeBy(Duration.ofSeconds(5));
            Thread.sleep(10);
        }
    }
}
