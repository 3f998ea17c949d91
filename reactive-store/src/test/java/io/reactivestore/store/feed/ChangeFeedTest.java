package io.reactivestore.store.feed;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The follower's bookkeeping against a scripted log whose numbers become visible in any order. */
class ChangeFeedTest {

    private static final long NOW = 1_700_000_000L;

    /** Numbered events, each visible or not yet (a transaction still running). */
    static final class ScriptedLog implements ChangeLog {
        final ConcurrentSkipListMap<Long, Event> rows = new ConcurrentSkipListMap<>();
        final Set<Long> invisible = ConcurrentHashMap.newKeySet();
        final AtomicInteger queries = new AtomicInteger();
        /** The transaction horizon, or {@code null}: a log without one. */
        volatile Horizon horizon;
        /** The start handed out, or {@code null}: {@link FeedStart#at} 0. */
        volatile FeedStart start;
        /** The numbers below the start that committed after it. */
        final Set<Long> late = ConcurrentHashMap.newKeySet();
        final AtomicInteger lateQueries = new AtomicInteger();

        void add(long seq, boolean visible) {
            rows.put(seq, note(ALICE, NOW, "change " + seq));
            if (!visible) {
                invisible.add(seq);
            }
        }

        private Flux<StoreChange> visible(Collection<Long> seqs) {
            queries.incrementAndGet();
            return Flux.fromIterable(seqs).filter(s -> rows.containsKey(s) && !invisible.contains(s))
                    .map(s -> StoreChange.stored(s, false, rows.get(s)));
        }

        @Override
        public Mono<Long> lastSequence() {
            return Mono.just(0L);
        }

        @Override
        public Flux<StoreChange> changesAfter(long sequence, int limit) {
            return visible(rows.tailMap(sequence, false).keySet()).take(limit);
        }

        @Override
        public Flux<StoreChange> changesAmong(Collection<Long> sequences) {
            return visible(sequences.stream().sorted().toList());
        }

        @Override
        public Mono<FeedStart> start() {
            return start == null ? ChangeLog.super.start() : Mono.just(start);
        }

        @Override
        public Mono<Horizon> horizon() {
            return Mono.justOrEmpty(horizon);
        }

        @Override
        public Flux<StoreChange> committedAfterStart(FeedStart from) {
            lateQueries.incrementAndGet();
            return visible(late.stream().sorted().toList());
        }
    }

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final ScriptedLog log = new ScriptedLog();
    private final Sinks.Many<String> wakeUps = Sinks.many().multicast().directBestEffort();
    private final List<Long> seen = new CopyOnWriteArrayList<>();
    private ChangeFeed feed;
    private Disposable following;

    private void follow(int batchSize) {
        feed = ChangeFeed.builder(log).pollEvery(Duration.ofSeconds(1)).batchSize(batchSize)
                .gapTimeout(Duration.ofSeconds(10)).wakeUps(wakeUps.asFlux()).scheduler(time).build();
        following = feed.changes().map(StoreChange::sequence).subscribe(seen::add);
    }

    @AfterEach
    void stop() {
        following.dispose();
        time.dispose();
    }

    @Test
    void aNumberThatCommitsLateIsEmittedOnceWhenItBecomesVisible() {
        follow(100);
        log.add(1, true);
        log.add(2, false);
        log.add(3, true);
        wakeUps.tryEmitNext("3");
        assertThat(seen).containsExactly(1L, 3L);

        log.invisible.remove(2L);
        wakeUps.tryEmitNext("3");
        assertThat(seen).as("a pending gap makes even an old hint worth a read").containsExactly(1L, 3L, 2L);

        time.advanceTimeBy(Duration.ofSeconds(30));
        assertThat(seen).as("never twice").containsExactly(1L, 3L, 2L);
        assertThat(feed.gapsAbandoned()).isZero();
    }

    @Test
    void aNumberThatNeverAppearsIsGivenUpAtTheGapTimeout() {
        follow(100);
        log.add(1, true);
        log.add(3, true);
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(seen).containsExactly(1L, 3L);

        time.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(feed.gapsAbandoned()).isEqualTo(1);
        int queries = log.queries.get();
        wakeUps.tryEmitNext("3");
        assertThat(log.queries.get()).as("no gap left and the hint is already read: no query").isEqualTo(queries);
    }

    @Test
    void fullPagesAreFollowedAtOnceByTheNext() {
        follow(2);
        for (long s = 1; s <= 7; s++) {
            log.add(s, true);
        }
        wakeUps.tryEmitNext("");
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void aMissedWakeUpIsMadeUpByThePeriodicRead() {
        follow(100);
        log.add(1, true);
        assertThat(seen).isEmpty();
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(seen).containsExactly(1L);
    }

    @Test
    void withATransactionHorizonAGapIsKeptAsLongAsATransactionMayCommitItHoweverLong() {
        log.start = new FeedStart(0, 10, "10:10:");
        log.horizon = new Horizon(5, 10);
        follow(100);
        log.add(1, true);
        log.add(2, false);
        log.add(3, true);
        wakeUps.tryEmitNext("3");
        assertThat(seen).containsExactly(1L, 3L);

        time.advanceTimeBy(Duration.ofMinutes(10)); // far beyond the 10 s gap timeout
        log.horizon = new Horizon(9, 14); // a transaction older than the read still runs
        time.advanceTimeBy(Duration.ofSeconds(2));
        log.invisible.remove(2L);
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(seen).as("committed ten minutes late, still emitted once").containsExactly(1L, 3L, 2L);
        assertThat(feed.gapsAbandoned()).isZero();
    }

    @Test
    void withATransactionHorizonAGapIsForgottenOnceEveryTransactionRunningWhenItWasSeenHasEnded() {
        log.start = new FeedStart(0, 10, "10:10:");
        log.horizon = new Horizon(5, 10);
        follow(100);
        log.add(1, true);
        log.add(3, true);
        wakeUps.tryEmitNext("3");
        wakeUps.tryEmitNext("3"); // the second read stamps the gap with transaction 10
        log.horizon = new Horizon(10, 12);
        wakeUps.tryEmitNext("3"); // settled: the lookup that misses it is final
        int queries = log.queries.get();
        wakeUps.tryEmitNext("3");
        assertThat(log.queries.get()).as("no gap left: an old hint costs no query").isEqualTo(queries);
        assertThat(seen).containsExactly(1L, 3L);
        assertThat(feed.gapsAbandoned()).as("a number that never appears is not given up, it is settled").isZero();
    }

    @Test
    void numbersBelowTheStartCommittedAfterItAreReadOnceTheTransactionsRunningAtTheStartHaveEnded() {
        log.start = new FeedStart(5, 10, "7:10:7");
        log.horizon = new Horizon(7, 11); // transaction 7, running at the start, still runs
        log.add(4, false);
        follow(100);
        log.add(6, true);
        wakeUps.tryEmitNext("6");
        assertThat(seen).containsExactly(6L);
        assertThat(log.lateQueries.get()).as("not asked while a transaction of the start runs").isZero();

        log.invisible.remove(4L);
        log.late.add(4L);
        log.horizon = new Horizon(10, 12);
        wakeUps.tryEmitNext("6");
        wakeUps.tryEmitNext("6");
        time.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(seen).as("the late number below the start, once").containsExactly(6L, 4L);
        assertThat(log.lateQueries.get()).isEqualTo(1);
    }
}
