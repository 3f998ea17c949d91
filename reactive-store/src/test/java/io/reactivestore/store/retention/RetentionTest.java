package io.reactivestore.store.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.StoreSize;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.testing.TestDatabases;
import io.reactivestore.testing.ForwardingEventStore;
import io.reactivestore.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class RetentionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long NOW = 1_700_100_000L;
    private static final long DAY = 86_400L;

    private final KeyPair alice = KeyPair.generate();
    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    private final MemoryEventStore store = MemoryEventStore.create();

    RetentionTest() {
        clock.advanceTimeTo(Instant.ofEpochSecond(NOW));
    }

    @AfterEach
    void tearDown() {
        clock.dispose();
        store.close().block(TIMEOUT);
    }

    @Test
    void expiredRegularEventsDisappearWhileTheLatestReplaceableVersionDeletionsAndTombstonesStay() {
        Event oldNote = save(TestEvents.note(alice, NOW - 3 * DAY, "old"));
        Event newNote = save(TestEvents.note(alice, NOW - 10, "new"));
        save(TestEvents.event(alice, 0, NOW - 5 * DAY, "{}"));
        save(TestEvents.event(alice, 0, NOW - 4 * DAY, "{\"name\":\"latest\"}"));
        Event addressable = save(TestEvents.addressable(alice, 30023, NOW - 9 * DAY, "post", "long form"));
        Event deletionRequest = save(TestEvents.event(alice, 5, NOW - 8 * DAY, "", "e", newNote.id()));
        Event userDeleted = save(TestEvents.note(alice, NOW - 7 * DAY, "deleted by its author"));
        StepVerifier.create(store.delete(userDeleted.id())).expectNext(true).expectComplete().verify(TIMEOUT);

        Retention retention = Retention.start(store, RetentionPolicy.builder().maxAge(Duration.ofDays(1))
                .interval(Duration.ofMinutes(1)).build(), clock);
        try {
            clock.advanceTimeBy(Duration.ofMinutes(1)); // the first round
            Set<String> left = ids(Filter.builder().build());
            assertThat(left).doesNotContain(oldNote.id())
                    .contains(newNote.id(), addressable.id(), deletionRequest.id())
                    .hasSize(4); // plus the latest kind-0 version
            assertThat(store.query(Filter.builder().kinds(0).build()).map(Event::content).collectList().block(TIMEOUT))
                    .containsExactly("{\"name\":\"latest\"}");
            // no tombstone for expired events, the author's tombstone still blocks
            StepVerifier.create(store.save(oldNote)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
            StepVerifier.create(store.save(userDeleted)).expectNext(SaveResult.DELETED).expectComplete().verify(TIMEOUT);
        } finally {
            retention.dispose();
        }
    }

    @Test
    void aKindRuleDeletesOnlyItsKindAndOverridesTheGeneralAge() {
        Event reaction = save(TestEvents.event(alice, 7, NOW - 7_200, "+"));
        Event note = save(TestEvents.note(alice, NOW - 7_200, "kept: no general age"));
        Event freshReaction = save(TestEvents.event(alice, 7, NOW - 60, "+"));
        Retention retention = Retention.manual(store, RetentionPolicy.builder()
                .maxAge(7, Duration.ofHours(1)).build(), clock);
        StepVerifier.create(retention.runRound()).expectNext(new Retention.Round(1, 0, 0)).expectComplete().verify(TIMEOUT);
        assertThat(ids(Filter.builder().build())).containsExactlyInAnyOrder(note.id(), freshReaction.id())
                .doesNotContain(reaction.id());
    }

    @Test
    void aRoundDeletesAtMostItsBudget() {
        for (int i = 0; i < 25; i++) {
            save(TestEvents.note(alice, NOW - 2 * DAY - i, "old " + i));
        }
        Retention retention = Retention.manual(store, RetentionPolicy.builder().maxAge(Duration.ofDays(1))
                .maxDeletionsPerRound(10).build(), clock);
        StepVerifier.create(retention.runRound()).expectNext(new Retention.Round(0, 10, 0)).expectComplete().verify(TIMEOUT);
        StepVerifier.create(retention.runRound()).expectNext(new Retention.Round(0, 10, 0)).expectComplete().verify(TIMEOUT);
        StepVerifier.create(retention.runRound()).expectNext(new Retention.Round(0, 5, 0)).expectComplete().verify(TIMEOUT);
        StepVerifier.create(retention.runRound()).expectNext(new Retention.Round(0, 0, 0)).expectComplete().verify(TIMEOUT);
    }

    @Test
    void overTheSizeLimitTheOldestRegularEventsGoFirst() {
        List<Event> notes = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            notes.add(save(TestEvents.note(alice, NOW - 1_000 + i, "note " + i)));
        }
        Event profile = save(TestEvents.event(alice, 0, NOW - 5_000, "{}"));
        SizedStore sized = new SizedStore(store);
        Retention retention = Retention.manual(sized, RetentionPolicy.builder().maxBytes(20_000)
                .maxDeletionsPerRound(10).build(), clock);
        // 26 events x 1000 bytes: over the limit; of the 10 oldest events the 9 notes go, the profile stays
        StepVerifier.create(retention.runRound()).expectNext(new Retention.Round(0, 0, 9)).expectComplete().verify(TIMEOUT);
        Set<String> left = ids(Filter.builder().build());
        assertThat(left).contains(profile.id()).hasSize(17);
        assertThat(left).containsAll(notes.subList(9, 25).stream().map(Event::id).collect(Collectors.toList()));
        // 17 000 bytes: under the limit, nothing more goes
        StepVerifier.create(retention.runRound()).expectNext(new Retention.Round(0, 0, 0)).expectComplete().verify(TIMEOUT);
    }

    @Test
    void aSizeLimitNeedsAStoreThatReportsItsSize() {
        assertThatThrownBy(() -> Retention.manual(store, RetentionPolicy.builder().maxBytes(1).build(), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("StoreSize");
        assertThatThrownBy(() -> RetentionPolicy.builder().maxDeletionsPerRound(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anR2dbcStoreBuiltWithRetentionTrimsItselfUntilClosed() {
        R2dbcEventStore h2 = R2dbcEventStores.builder().h2InMemory(TestDatabases.uniqueName("retention"))
                .retention(RetentionPolicy.builder().maxAge(7, Duration.ofHours(1)).interval(Duration.ofMillis(50)).build())
                .open().block(TIMEOUT);
        try {
            long now = System.currentTimeMillis() / 1000;
            Event oldReaction = TestEvents.event(alice, 7, now - 7_200, "+");
            Event note = TestEvents.note(alice, now - 7_200, "kept");
            StepVerifier.create(h2.save(oldReaction).then(h2.save(note))).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
            // bounded wait for the background round (a condition, not a timing assertion)
            StepVerifier.create(Flux.interval(Duration.ofMillis(50)).onBackpressureDrop()
                            .concatMap(i -> h2.count(List.of(Filter.builder().kinds(7).build())))
                            .filter(n -> n == 0).next())
                    .expectNext(0L).expectComplete().verify(TIMEOUT);
            assertThat(h2.query(Filter.builder().build()).map(Event::id).collectList().block(TIMEOUT))
                    .containsExactly(note.id());
        } finally {
            h2.close().block(TIMEOUT);
        }
    }

    private Event save(Event event) {
        StepVerifier.create(store.save(event)).expectNextMatches(SaveResult::isStored).expectComplete().verify(TIMEOUT);
        return event;
    }

    private Set<String> ids(Filter filter) {
        return store.query(filter).map(Event::id).collect(Collectors.toSet()).block(TIMEOUT);
    }

    /** Reports 1000 bytes per stored event. */
    private static final class SizedStore extends ForwardingEventStore implements StoreSize {
        SizedStore(EventStore delegate) {
            super(delegate);
        }

        @Override
        public Mono<Long> sizeOnDisk() {
            return delegate().count(List.of(Filter.builder().build())).map(n -> n * 1000);
        }
    }
}
