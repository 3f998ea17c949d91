package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.testing.ForwardingEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** NIP-40 purging: the due events the relay remembers, or a full scan when it does not remember them all. */
class ExpirationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final KeyPair ALICE = KeyPair.generate();

    private final NipsTest.MutableClock clock = new NipsTest.MutableClock(Instant.ofEpochSecond(1_700_000_000L));
    private final long now = clock.instant().getEpochSecond();
    private final List<Disposable> purgers = new ArrayList<>();

    @AfterEach
    void stopPurging() {
        purgers.forEach(Disposable::dispose);
    }

    @Test
    void aPurgeAfterTheFirstScanDeletesOnlyTheRememberedEventsThatAreDueWithoutReadingTheStore() {
        ExportCounting store = new ExportCounting();
        Expiration expiration = new Expiration(clock);
        purgers.add(expiration.startPurging(store, Duration.ofHours(1)));
        StepVerifier.create(Mono.fromCallable(expiration::countsAreExact).filter(exact -> exact)
                        .repeatWhenEmpty(ticks -> ticks.delayElements(Duration.ofMillis(10))))
                .expectNext(true).expectComplete().verify(TIMEOUT);
        assertThat(store.exports).hasValue(1);
        Event soon = saveAndTrack(store, expiration, expiring(now + 10, "soon"));
        Event later = saveAndTrack(store, expiration, expiring(now + 100, "later"));
        Event never = saveAndTrack(store, expiration, expiring(Long.MAX_VALUE, "never"));

        clock.advance(Duration.ofSeconds(50));

        StepVerifier.create(expiration.purge(store)).expectNext(1L).expectComplete().verify(TIMEOUT);
        assertThat(store.exports).hasValue(1);
        assertThat(expiration.countsAreExact()).isTrue();
        assertThat(store.query(Filter.ALL).collectList().block(TIMEOUT)).containsExactlyInAnyOrder(later, never)
                .doesNotContain(soon);
    }

    @Test
    void eventsStoredBeforeTheRelayStartedArePurgedByTheFirstScanAndRememberedAfterIt() {
        ExportCounting store = new ExportCounting();
        Event expired = expiring(now - 1, "expired already");
        Event pending = expiring(now + 10, "pending");
        Flux.just(expired, pending).concatMap(store::save).blockLast(TIMEOUT);
        Expiration expiration = new Expiration(clock);
        assertThat(expiration.countsAreExact()).isFalse();
        purgers.add(expiration.startPurging(store, Duration.ofHours(1)));
        StepVerifier.create(Mono.defer(() -> store.count(List.of(Filter.ALL))).filter(n -> n == 1)
                        .repeatWhenEmpty(ticks -> ticks.delayElements(Duration.ofMillis(10))))
                .expectNext(1L).expectComplete().verify(TIMEOUT);
        assertThat(store.query(Filter.ALL).collectList().block(TIMEOUT)).containsExactly(pending);

        clock.advance(Duration.ofSeconds(20));
        StepVerifier.create(expiration.purgeDue(store)).expectNext(1L).expectComplete().verify(TIMEOUT);
        assertThat(store.count(List.of(Filter.ALL)).block(TIMEOUT)).isZero();
        assertThat(store.exports).hasValue(1);
    }

    @Test
    void whenMoreExpiringEventsArriveThanItRemembersTheNextPurgeScansAgainAndCountsAreFlaggedMeanwhile() {
        ExportCounting store = new ExportCounting();
        Expiration expiration = new Expiration(clock, 2);
        purgers.add(expiration.startPurging(store, Duration.ofHours(1)));
        StepVerifier.create(Mono.fromCallable(expiration::countsAreExact).filter(exact -> exact)
                        .repeatWhenEmpty(ticks -> ticks.delayElements(Duration.ofMillis(10))))
                .expectNext(true).expectComplete().verify(TIMEOUT);
        for (int i = 0; i < 3; i++) {
            saveAndTrack(store, expiration, expiring(now + 10 + i, "e" + i));
        }
        assertThat(expiration.countsAreExact()).isFalse();

        clock.advance(Duration.ofSeconds(60));

        StepVerifier.create(expiration.purge(store)).expectNext(3L).expectComplete().verify(TIMEOUT);
        assertThat(store.exports).hasValue(2);
        assertThat(store.count(List.of(Filter.ALL)).block(TIMEOUT)).isZero();
        assertThat(expiration.countsAreExact()).isTrue();
    }

    private static Event saveAndTrack(EventStore store, Expiration expiration, Event event) {
        assertThat(store.save(event).block(TIMEOUT)).isEqualTo(SaveResult.SAVED);
        expiration.track(event);
        return event;
    }

    private Event expiring(long at, String content) {
        List<List<String>> tags = at == Long.MAX_VALUE ? List.of() : List.of(List.of("expiration", Long.toString(at)));
        return ALICE.sign(new UnsignedEvent(now - 1, 1, tags, content));
    }

    /** A memory store that counts full scans. */
    private static final class ExportCounting extends ForwardingEventStore {
        final AtomicLong exports = new AtomicLong();

        ExportCounting() {
            super(MemoryEventStore.create());
        }

        @Override
        public Flux<Event> export() {
            exports.incrementAndGet();
            return super.export();
        }
    }
}
