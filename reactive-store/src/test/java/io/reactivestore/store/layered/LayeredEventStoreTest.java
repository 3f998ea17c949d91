package io.reactivestore.store.layered;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.BOB;
import static io.reactivestore.testing.TestEvents.event;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.testing.ForwardingEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.core.scheduler.Schedulers;

/** The contract over memory/memory, and what a layered store adds: back-fill, hits, the collector. */
class LayeredEventStoreTest extends EventStoreContract {

    private final MemoryEventStore l1 = MemoryEventStore.create();
    private final MemoryEventStore l2 = MemoryEventStore.create();

    @Override
    protected EventStore createStore() {
        return LayeredEventStore.builder(MemoryEventStore.create(), MemoryEventStore.create()).maxEvents(1000).build();
    }

    private LayeredEventStore layered(LayeredEventStore.Builder builder) {
        LayeredEventStore s = builder.build();
        store = s;
        return s;
    }

    private static List<Event> cached(EventStore level) {
        return level.query(Filter.ALL).collectList().block(TIMEOUT);
    }

    /** Waits (bounded) for the back-fill of {@code s} to finish, then checks that L1 holds {@code count} events. */
    private void awaitBackfill(LayeredEventStore s, long count) {
        StepVerifier.create(s.idle()).expectComplete().verify(TIMEOUT);
        assertThat(l1.count(Filter.ALL).block(TIMEOUT)).isEqualTo(count);
    }

    @Test
    void saveWritesL2ThenL1AndReturnsL2sAnswer() {
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxEvents(100));
        Event a = note(ALICE, 100, "a");
        StepVerifier.create(s.save(a)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
        assertThat(cached(l1)).containsExactly(a);
        assertThat(cached(l2)).containsExactly(a);
        assertThat(s.stats().l1Events()).isEqualTo(1);
        assertThat(s.stats().l1Bytes()).isEqualTo(a.jsonLength());
    }

    @Test
    void anEventOnlyInL2IsBackfilledSoThatTheNextQueryHitsL1() {
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxEvents(100));
        Event a = note(ALICE, 100, "a");
        givenIn(l2, a);

        StepVerifier.create(s.query(Filter.ALL)).expectNext(a).expectComplete().verify(TIMEOUT);
        assertThat(s.stats().misses()).isEqualTo(1);
        awaitBackfill(s, 1);
        StepVerifier.create(s.query(Filter.ALL)).expectNext(a).expectComplete().verify(TIMEOUT);
        LayeredStats stats = s.stats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.backfilled()).isEqualTo(1);
        assertThat(stats.hitRate()).isEqualTo(0.5);
    }

    @Test
    void withPromotionOnSecondMissAnEventOnlyInL2ReachesL1OnlyWhenItMissesAgain() {
        // virtual time: the back-fill drains on the querying thread, so L1 can be checked at once (and the
        // collector never runs); a cap of one event still remembers enough misses to promote on the second
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxEvents(1).promoteOnSecondMiss(true)
                .scheduler(VirtualTimeScheduler.create()));
        Event a = note(ALICE, 100, "a");
        givenIn(l2, a);

        StepVerifier.create(s.query(Filter.ALL)).expectNext(a).expectComplete().verify(TIMEOUT);
        assertThat(cached(l1)).isEmpty();
        StepVerifier.create(s.query(Filter.ALL)).expectNext(a).expectComplete().verify(TIMEOUT);
        assertThat(cached(l1)).containsExactly(a);
        StepVerifier.create(s.query(Filter.ALL)).expectNext(a).expectComplete().verify(TIMEOUT);
        LayeredStats stats = s.stats();
        assertThat(List.of(stats.misses(), stats.backfilled(), stats.backfillDropped(), stats.hits()))
                .containsExactly(2L, 1L, 0L, 1L);
    }

    @Test
    void idleCompletesOnlyOnceTheBackfillHasSavedIntoL1() {
        Sinks.Empty<Void> l1Saves = Sinks.empty();
        EventStore gatedL1 = new ForwardingEventStore(l1) {
            @Override
            public Mono<SaveResult> save(Event event) {
                return l1Saves.asMono().then(super.save(event));
            }
        };
        LayeredEventStore s = layered(LayeredEventStore.builder(gatedL1, l2).maxEvents(100));
        StepVerifier.create(s.idle()).expectComplete().verify(TIMEOUT);     // nothing offered yet
        Event a = note(ALICE, 100, "a");
        givenIn(l2, a);

        StepVerifier.create(s.query(Filter.ALL)).expectNext(a).expectComplete().verify(TIMEOUT);
        StepVerifier.create(s.idle())
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))                       // the L1 save is held back
                .then(l1Saves::tryEmitEmpty)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(cached(l1)).containsExactly(a);
        assertThat(s.stats().backfilled()).isEqualTo(1);
    }

    @Test
    void aNewerReplaceableVersionInL2HidesTheOlderOneCachedInL1() {
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxEvents(100));
        Event older = event(ALICE, 0, 100, "old");
        Event newer = event(ALICE, 0, 200, "new");
        givenIn(s, older);
        givenIn(l2, newer);

        StepVerifier.create(s.query(Filter.builder().kinds(0).build())).expectNext(newer).expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(s.idle()).expectComplete().verify(TIMEOUT);
        assertThat(cached(l1)).containsExactly(newer);
        assertThat(s.stats().l1Events()).isEqualTo(1);
    }

    @Test
    void theLimitAppliesToTheMergedResultOfBothLevels() {
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxEvents(100));
        Event a = note(ALICE, 100, "a");
        Event b = note(ALICE, 200, "b");
        Event c = note(ALICE, 300, "c");
        givenIn(s, a);
        givenIn(l2, b, c);

        StepVerifier.create(s.query(Filter.builder().limit(2).build())).expectNext(c, b).expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(s.query(List.of(Filter.builder().limit(1).build(), Filter.builder().ids(a.id()).build())))
                .expectNext(c, a).expectComplete().verify(TIMEOUT);
    }

    @Test
    void theCollectorEvictsTheLeastRecentlyAccessedDownToTheLowWaterMark() {
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxEvents(10).waterMarks(0.5, 0.9)
                .collectEvery(Duration.ofHours(1)));
        List<Event> events = IntStream.range(0, 10).mapToObj(i -> note(ALICE, 100 + i, "e" + i)).toList();
        givenIn(s, events.toArray(Event[]::new));
        List<Event> accessed = events.subList(0, 5);
        StepVerifier.create(s.query(Filter.builder().until(104).build())).expectNextCount(5).expectComplete()
                .verify(TIMEOUT);

        StepVerifier.create(s.collect()).expectNext(new CollectionReport(10, bytes(events), 5, 5, bytes(accessed)))
                .expectComplete().verify(TIMEOUT);
        assertThat(cached(l1)).containsExactlyInAnyOrderElementsOf(accessed);
        assertThat(s.stats().evicted()).isEqualTo(5);

        StepVerifier.create(s.query(Filter.builder().ids(events.get(9).id()).build())).expectNext(events.get(9))
                .expectComplete().verify(TIMEOUT);
        awaitBackfill(s, 6);
    }

    @Test
    void theCollectorDoesNothingBelowTheHighWaterMark() {
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxBytes(10_000).collectEvery(Duration.ofHours(1)));
        Event a = note(ALICE, 100, "a");
        givenIn(s, a);
        StepVerifier.create(s.collect()).expectNext(new CollectionReport(1, a.jsonLength(), 0, 1, a.jsonLength()))
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    void theCollectorRunsOnItsScheduleAndReportsEachRun() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxEvents(4).waterMarks(0.5, 1.0)
                .collectEvery(Duration.ofSeconds(10)).scheduler(time));
        List<CollectionReport> reports = new ArrayList<>();
        s.collections().subscribe(reports::add);
        givenIn(s, IntStream.range(0, 6).mapToObj(i -> note(BOB, 100 + i, "e" + i)).toArray(Event[]::new));

        time.advanceTimeBy(Duration.ofSeconds(9));
        assertThat(reports).isEmpty();
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).evicted()).isEqualTo(4);
        assertThat(reports.get(0).eventsAfter()).isEqualTo(2);
        assertThat(cached(l1)).hasSize(2);
        time.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(reports).hasSize(2);
        assertThat(reports.get(1).evicted()).isZero();
    }

    @Test
    void aFullBackfillQueueDropsAndCountsWithoutDelayingTheQuery() {
        List<Runnable> heldTasks = new ArrayList<>();
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxEvents(1000).backfillQueue(1)
                .scheduler(Schedulers.fromExecutor(heldTasks::add)));
        List<Event> events = IntStream.range(0, 100).mapToObj(i -> note(ALICE, 100 + i, "e" + i)).toList();
        givenIn(l2, events.toArray(Event[]::new));

        StepVerifier.create(s.query(Filter.ALL)).expectNextCount(100).expectComplete().verify(TIMEOUT);
        assertThat(cached(l1)).isEmpty();
        long dropped = s.stats().backfillDropped();
        assertThat(dropped).isPositive();

        List.copyOf(heldTasks).forEach(Runnable::run);
        assertThat(s.stats().backfilled()).isEqualTo(100 - dropped);
        assertThat(cached(l1)).hasSize((int) (100 - dropped));
    }

    @Test
    void aFailingL1LeavesQueriesToL2AndSavesDurableInL2() {
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxEvents(100));
        Event a = note(ALICE, 100, "a");
        givenIn(l2, a);
        l1.close().block(TIMEOUT);

        StepVerifier.create(s.query(Filter.ALL)).expectNext(a).expectComplete().verify(TIMEOUT);
        Event b = note(ALICE, 200, "b");
        StepVerifier.create(s.save(b)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
        assertThat(cached(l2)).containsExactly(b, a);
        assertThat(s.stats().l1Errors()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void deleteRemovesFromBothLevelsWithATombstoneUnlessAskedNot() {
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxEvents(100));
        Event a = note(ALICE, 100, "a");
        Event b = note(ALICE, 200, "b");
        givenIn(s, a, b);

        StepVerifier.create(s.delete(a.id())).expectNext(true).expectComplete().verify(TIMEOUT);
        StepVerifier.create(s.delete(Deletion.of(b.id()).withoutTombstone())).expectNext(true).expectComplete()
                .verify(TIMEOUT);
        assertThat(cached(l1)).isEmpty();
        assertThat(cached(l2)).isEmpty();
        assertThat(s.stats().l1Events()).isZero();
        StepVerifier.create(l1.save(a)).expectNext(SaveResult.DELETED).expectComplete().verify(TIMEOUT);
        StepVerifier.create(l2.save(a)).expectNext(SaveResult.DELETED).expectComplete().verify(TIMEOUT);
        StepVerifier.create(s.save(b)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
    }

    @Test
    void importWritesL2OnlyAndExportReadsL2() {
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxEvents(100));
        Event a = note(ALICE, 100, "a");
        Event b = note(BOB, 200, "b");
        StepVerifier.create(s.importEvents(Flux.just(a, b))).expectNext(2L).expectComplete().verify(TIMEOUT);
        assertThat(cached(l1)).isEmpty();
        assertThat(cached(l2)).containsExactly(b, a);
        givenIn(l1, note(ALICE, 300, "stale, only in L1"));
        assertThat(s.export().collectList().block(TIMEOUT)).containsExactlyInAnyOrder(a, b);
        assertThat(s.export(java.util.Set.of(BOB.publicKey())).collectList().block(TIMEOUT)).containsExactly(b);
    }

    @Test
    void nukeEmptiesBothLevelsAndTheIndex() {
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxEvents(100));
        givenIn(s, note(ALICE, 100, "a"));
        StepVerifier.create(s.nuke()).expectComplete().verify(TIMEOUT);
        assertThat(cached(l1)).isEmpty();
        assertThat(cached(l2)).isEmpty();
        assertThat(s.stats().l1Events()).isZero();
    }

    @Test
    void anL1ThatAlreadyHoldsEventsIsIndexedAtStart() {
        List<Event> events = IntStream.range(0, 8).mapToObj(i -> note(ALICE, 100 + i, "e" + i)).toList();
        givenIn(l1, events.toArray(Event[]::new));
        givenIn(l2, events.toArray(Event[]::new));
        LayeredEventStore s = layered(LayeredEventStore.builder(l1, l2).maxEvents(4).waterMarks(0.5, 1.0)
                .collectEvery(Duration.ofHours(1)));
        assertThat(s.stats().l1Events()).isEqualTo(8);
        StepVerifier.create(s.collect()).expectNextMatches(r -> r.evicted() == 6).expectComplete().verify(TIMEOUT);
        assertThat(cached(l1)).hasSize(2);
    }

    @Test
    void aBuilderWithoutABudgetIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LayeredEventStore.builder(l1, l2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LayeredEventStore.builder(l1, l2).maxEvents(1)
                .waterMarks(0.9, 0.5).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("water marks");
    }

    private static long bytes(List<Event> events) {
        return events.stream().mapToLong(Event::jsonLength).sum();
    }
}
