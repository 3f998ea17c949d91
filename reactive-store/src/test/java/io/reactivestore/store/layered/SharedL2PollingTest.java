package io.reactivestore.store.layered;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.BOB;
import static io.reactivestore.testing.TestEvents.CAROL;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.testing.TestDatabases;
import io.reactivestore.testing.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Two layered stores over one shared L2 (one H2 in-memory database, each node with its own store
 * instance), following L2's change log on virtual time.
 */
class SharedL2PollingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long NOW = System.currentTimeMillis() / 1000;

    private final String database = TestDatabases.uniqueName("shared");
    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final MemoryEventStore l1OfB = MemoryEventStore.create();
    private final Sinks.Many<String> wakeUpsOfB = Sinks.many().multicast().directBestEffort();
    private final List<LayeredEventStore> nodes = new ArrayList<>();

    private R2dbcEventStore sharedL2() {
        return R2dbcEventStores.builder().h2InMemory(database).open().block(TIMEOUT);
    }

    private LayeredEventStore node(MemoryEventStore l1, Duration pollEvery, int eventsBuffer) {
        LayeredEventStore node = LayeredEventStore.builder(l1, sharedL2()).maxEvents(1000).pollEvery(pollEvery)
                .scheduler(time).wakeUps(wakeUpsOfB.asFlux()).eventsBuffer(eventsBuffer).build();
        nodes.add(node);
        return node;
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(n -> n.close().block(TIMEOUT));
        time.dispose();
    }

    /**
     * Waits until {@code b} follows the shared log: a probe saved by {@code a} (author CAROL) is published
     * by {@code b}; then a last probe, so that every earlier probe has been read too (the log is read in
     * order), and forgets them all from {@code seen}. A feed starts at the highest number visible when it
     * starts, which happens asynchronously after build.
     */
    private void following(LayeredEventStore a, List<Event> seen) throws InterruptedException {
        eventually("b follows the log", () -> {
            a.save(note(CAROL, NOW, "probe " + System.nanoTime())).block(TIMEOUT);
            wakeUpsOfB.tryEmitNext("");
            return seen.stream().anyMatch(e -> e.pubkey().equals(CAROL.publicKey()));
        });
        Event last = note(CAROL, NOW, "last probe");
        a.save(last).block(TIMEOUT);
        eventually("b read the last probe", () -> {
            wakeUpsOfB.tryEmitNext("");
            return seen.contains(last);
        });
        seen.removeIf(e -> e.pubkey().equals(CAROL.publicKey()));
    }

    private static List<Event> withoutProbes(List<Event> events) {
        return events.stream().filter(e -> !e.pubkey().equals(CAROL.publicKey())).toList();
    }

    private static List<Event> byAliceOrBob(MemoryEventStore store) {
        return store.query(Filter.builder().authors(ALICE.publicKey(), BOB.publicKey()).build())
                .collectList().block(TIMEOUT);
    }

    /** Waits (bounded) for a condition that an asynchronous read of the shared database makes true. */
    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + TIMEOUT + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aNodePublishesEventsAnotherNodeSavedAtItsNextRead() throws InterruptedException {
        LayeredEventStore a = node(MemoryEventStore.create(), Duration.ofSeconds(5), 16);
        LayeredEventStore b = node(l1OfB, Duration.ofSeconds(5), 16);
        List<Event> seenByA = new CopyOnWriteArrayList<>();
        List<Event> seenByB = new CopyOnWriteArrayList<>();
        a.events().subscribe(seenByA::add);
        b.events().subscribe(seenByB::add);
        following(a, seenByB);
        long polledBefore = b.stats().polled();
        Event e = note(ALICE, NOW, "from a");
        a.save(e).block(TIMEOUT);

        time.advanceTimeBy(Duration.ofSeconds(5));
        eventually("b publishes a's event", () -> withoutProbes(seenByB).size() == 1);
        assertThat(withoutProbes(seenByB)).containsExactly(e);
        assertThat(byAliceOrBob(l1OfB)).containsExactly(e);

        time.advanceTimeBy(Duration.ofSeconds(5));
        time.advanceTimeBy(Duration.ofSeconds(5));
        b.sync().block(TIMEOUT);
        assertThat(withoutProbes(seenByB)).as("each change is published once").containsExactly(e);
        assertThat(seenByA).as("a node does not publish its own saves back").isEmpty();
        assertThat(b.stats().polled() - polledBefore).isEqualTo(1);
    }

    @Test
    void anEventStoredElsewhereWithAnOlderCreatedAtIsSeenOnce() throws InterruptedException {
        LayeredEventStore a = node(MemoryEventStore.create(), Duration.ofHours(1), 16);
        LayeredEventStore b = node(l1OfB, Duration.ofHours(1), 16);
        List<Event> seenByB = new CopyOnWriteArrayList<>();
        b.events().subscribe(seenByB::add);
        following(a, seenByB);
        Event newest = note(ALICE, NOW, "newest");
        Event threeSecondsOlder = note(BOB, NOW - 3, "3 s older than the newest, saved after it");
        Event aYearOlder = note(BOB, NOW - 365 * 86_400, "a year older, saved last");
        a.save(newest).block(TIMEOUT);
        wakeUpsOfB.tryEmitNext("");
        eventually("b sees the newest", () -> withoutProbes(seenByB).size() == 1);
        a.save(threeSecondsOlder).block(TIMEOUT);
        a.save(aYearOlder).block(TIMEOUT);
        wakeUpsOfB.tryEmitNext("");
        eventually("b sees the older ones", () -> withoutProbes(seenByB).size() == 3);
        wakeUpsOfB.tryEmitNext("");
        time.advanceTimeBy(Duration.ofHours(2));

        assertThat(withoutProbes(seenByB)).as("in insertion order, each once").containsExactly(newest, threeSecondsOlder, aYearOlder);
        assertThat(byAliceOrBob(l1OfB)).hasSize(3);
    }

    @Test
    void deletionsAndReplacementsOnAnotherNodeLeaveTheL1OfThisNode() throws InterruptedException {
        LayeredEventStore a = node(MemoryEventStore.create(), Duration.ofHours(1), 16);
        LayeredEventStore b = node(l1OfB, Duration.ofHours(1), 16);
        List<Event> seenByB = new CopyOnWriteArrayList<>();
        b.events().subscribe(seenByB::add);
        following(a, seenByB);
        Event doomed = note(ALICE, NOW, "to be deleted");
        Event v1 = TestEvents.event(ALICE, 0, NOW - 10, "v1");
        Event v2 = TestEvents.event(ALICE, 0, NOW - 5, "v2");
        a.save(doomed).block(TIMEOUT);
        a.save(v1).block(TIMEOUT);
        wakeUpsOfB.tryEmitNext("");
        eventually("b caches both", () -> withoutProbes(seenByB).size() == 2);

        a.delete(Deletion.byAuthor(doomed.id(), ALICE.publicKey())).block(TIMEOUT);
        a.save(v2).block(TIMEOUT);
        wakeUpsOfB.tryEmitNext("");
        eventually("b's L1 holds only v2", () -> byAliceOrBob(l1OfB).equals(List.of(v2)));
        assertThat(b.query(Filter.builder().authors(ALICE.publicKey()).build()).collectList().block(TIMEOUT))
                .containsExactly(v2);
    }

    @Test
    void aSlowSubscriberLosesItsOldestEventsWithoutHoldingOthersBack() throws InterruptedException {
        LayeredEventStore a = node(MemoryEventStore.create(), Duration.ofSeconds(5), 16);
        LayeredEventStore b = node(l1OfB, Duration.ofSeconds(5), 2);
        List<Event> events = List.of(note(ALICE, NOW - 3, "1"), note(ALICE, NOW - 2, "2"), note(ALICE, NOW - 1, "3"),
                note(ALICE, NOW, "4"));
        List<Event> fast = new CopyOnWriteArrayList<>();
        b.events().subscribe(fast::add);
        following(a, fast);
        events.forEach(e -> a.save(e).block(TIMEOUT));

        StepVerifier.create(b.events(), 0)
                .then(() -> time.advanceTimeBy(Duration.ofSeconds(5)))
                .then(() -> {
                    try {
                        eventually("the fast subscriber has all four", () -> withoutProbes(fast).size() == 4);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .thenRequest(4)
                .expectNext(events.get(2), events.get(3))
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(b.stats().eventsDropped()).isPositive();
    }

    @Test
    void withoutPollingEventsCompletesAtOnce() {
        LayeredEventStore alone = LayeredEventStore.builder(MemoryEventStore.create(), MemoryEventStore.create())
                .maxEvents(10).build();
        nodes.add(alone);
        StepVerifier.create(alone.events()).expectComplete().verify(TIMEOUT);
    }

    @Test
    void theSharedModeNeedsAnL2WithAChangeLog() {
        assertThatThrownBy(() -> LayeredEventStore.builder(MemoryEventStore.create(), MemoryEventStore.create())
                .maxEvents(10).pollEvery(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("change log");
    }
}
