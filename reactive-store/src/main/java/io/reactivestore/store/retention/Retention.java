package io.reactivestore.store.retention;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KindClass;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.StoreSize;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Applies a {@link RetentionPolicy} to an {@link EventStore}: in rounds, each deleting at most
 * {@link RetentionPolicy#maxDeletionsPerRound()} events, first by the per-kind ages, then by the general age,
 * then (while the store's {@link StoreSize} is over the limit) the oldest regular events. Deletions are
 * {@linkplain Deletion#withoutTombstone() without tombstone}, so nothing is blocked from being published
 * again, and tombstones (user deletions) are never touched.
 *
 * <p><b>Bounds.</b> A rule reads at most {@link #SCAN_FACTOR} times the round's budget of events from the
 * store, newest first below its cutoff (streamed, cancelled when enough are found), and collects at most the
 * budget of ids before deleting them one by one. The size rule first finds the time below which about a
 * budget of events lie (a binary search with {@link EventStore#count}), so it deletes the oldest regular
 * events among the oldest budget of events (kept ones in that slice use up part of the round's budget).
 *
 * <p><b>Threading.</b> "Now" and the timer come from the given scheduler (virtual time in tests). Rounds
 * never overlap: a tick while a round runs is dropped. A failed round is logged and the next tick tries again.
 * Each round is logged (INFO when it deleted something). {@link #dispose()} stops the timer and cancels a
 * running round.
 */
public final class Retention implements Disposable {

    /** Most events a rule reads per round, as a multiple of the round's deletion budget. */
    static final int SCAN_FACTOR = 10;

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final int DELETION_KIND = 5;

    private final EventStore store;
    private final RetentionPolicy policy;
    private final Scheduler clock;
    private final Disposable timer;

    /**
     * What one round deleted.
     *
     * @param byKind events deleted by a per-kind age
     * @param byAge events deleted by the general age
     * @param bySize events deleted to get under the size limit
     */
    public record Round(long byKind, long byAge, long bySize) {

        /** @return every event deleted in the round */
        public long total() {
            return byKind + byAge + bySize;
        }
    }

    private Retention(EventStore store, RetentionPolicy policy, Scheduler clock, boolean background) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.timer = background
                ? Flux.interval(policy.interval(), policy.interval(), clock)
                        .onBackpressureDrop()
                        .concatMap(tick -> runRound().onErrorResume(e -> {
                            LOG.warn("retention round on {} failed: {}", store, e.toString());
                            return Mono.empty();
                        }), 1)
                        .subscribe()
                : Disposables.composite();
    }

    /**
     * Starts rounds every {@link RetentionPolicy#interval()} on {@code clock} (use
     * {@link Schedulers#parallel()} outside tests).
     *
     * @param store the store to trim (not closed by this)
     * @param policy the rules
     * @param clock source of "now" and of the timer
     * @return the running retention; dispose it to stop
     * @throws IllegalArgumentException if the policy has a size rule and {@code store} is not a {@link StoreSize}
     */
    public static Retention start(EventStore store, RetentionPolicy policy, Scheduler clock) {
        check(store, policy, clock);
        return new Retention(store, policy, clock, true);
    }

    /**
     * A retention that runs only when {@link #runRound()} is called (no timer).
     *
     * @param store the store to trim
     * @param policy the rules
     * @param clock source of "now"
     * @return the retention
     * @throws IllegalArgumentException as {@link #start}
     */
    public static Retention manual(EventStore store, RetentionPolicy policy, Scheduler clock) {
        check(store, policy, clock);
        return new Retention(store, policy, clock, false);
    }

    private static void check(EventStore store, RetentionPolicy policy, Scheduler clock) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(clock, "clock");
        if (policy.maxBytes() > 0 && !(store instanceof StoreSize)) {
            throw new IllegalArgumentException("a size limit needs a store that reports its size (StoreSize); "
                    + store + " does not");
        }
    }

    /**
     * One round now: the rules in order, sharing the round's deletion budget.
     *
     * @return what it deleted; errors of the store pass through
     */
    public Mono<Round> runRound() {
        return Mono.defer(() -> {
            long now = clock.now(TimeUnit.SECONDS);
            AtomicInteger budget = new AtomicInteger(policy.maxDeletionsPerRound());
            Mono<Long> byKind = Flux.fromIterable(policy.kindMaxAge().entrySet())
                    .concatMap(rule -> deleteBelow(Filter.builder().kinds(rule.getKey()),
                            cutoff(now, rule.getValue()), e -> true, budget))
                    .reduce(0L, Long::sum);
            Mono<Long> byAge = policy.maxAge() == null ? Mono.just(0L)
                    : deleteBelow(Filter.builder(), cutoff(now, policy.maxAge()), this::isRegular, budget);
            Mono<Long> bySize = policy.maxBytes() <= 0 ? Mono.just(0L) : trimToSize(budget);
            return byKind.flatMap(k -> byAge.flatMap(a -> bySize.map(s -> new Round(k, a, s))));
        }).doOnNext(this::log);
    }

    private void log(Round round) {
        if (round.total() > 0) {
            LOG.info("retention on {}: deleted {} events ({} by kind age, {} by age, {} by size)", store,
                    round.total(), round.byKind(), round.byAge(), round.bySize());
        } else {
            LOG.debug("retention on {}: nothing to delete", store);
        }
    }

    /** Latest {@code created_at} a rule of {@code age} deletes: strictly older than now minus the age. */
    private static long cutoff(long now, Duration age) {
        return now - age.toSeconds() - 1;
    }

    /** Regular events without a rule of their own, except deletion requests. */
    private boolean isRegular(Event e) {
        return e.kindClass() != KindClass.REPLACEABLE && e.kindClass() != KindClass.ADDRESSABLE
                && e.kind() != DELETION_KIND && !policy.kindMaxAge().containsKey(e.kind());
    }

    /** Deletes up to the budget of events matching {@code filter} at or below {@code until} and {@code keep}. */
    private Mono<Long> deleteBelow(Filter.Builder filter, long until, Predicate<Event> eligible, AtomicInteger budget) {
        return Mono.defer(() -> {
            int room = budget.get();
            if (room <= 0 || until < 0) {
                return Mono.just(0L);
            }
            return store.query(filter.until(until).build())
                    .take((long) room * SCAN_FACTOR)
                    .filter(eligible)
                    .map(Event::id)
                    .take(room)
                    .collectList() // at most the budget of ids
                    .flatMap(ids -> delete(ids, budget));
        });
    }

    /** Deletions of one round in flight at once. */
    private static final int DELETE_CONCURRENCY = 64;

    private Mono<Long> delete(List<String> ids, AtomicInteger budget) {
        return Flux.fromIterable(ids)
                // concurrent, so a durable store commits them in groups: one at a time cost one fsync per event
                .flatMap(id -> store.delete(Deletion.of(id).withoutTombstone()), DELETE_CONCURRENCY)
                .filter(removed -> removed)
                .count()
                .doOnNext(n -> budget.addAndGet(-n.intValue()));
    }

    /** While over the size limit: the oldest regular events, up to the budget. */
    private Mono<Long> trimToSize(AtomicInteger budget) {
        return ((StoreSize) store).sizeOnDisk()
                .filter(size -> size > policy.maxBytes() && budget.get() > 0)
                .flatMap(size -> oldestTime(budget.get()))
                .flatMap(until -> deleteBelow(Filter.builder(), until, this::isRegular, budget))
                .defaultIfEmpty(0L);
    }

    /** The smallest {@code created_at} at or below which at least {@code events} events lie (or now). */
    private Mono<Long> oldestTime(int events) {
        return search(0, clock.now(TimeUnit.SECONDS), events);
    }

    private Mono<Long> search(long low, long high, int events) {
        if (low >= high) {
            return Mono.just(high);
        }
        long middle = low + (high - low) / 2;
        return store.count(List.of(Filter.builder().until(middle).build()))
                .flatMap(n -> n >= events ? search(low, middle, events) : search(middle + 1, high, events));
    }

    /** Stops the timer (and a running round). */
    @Override
    public void dispose() {
        timer.dispose();
    }

    @Override
    public boolean isDisposed() {
        return timer.isDisposed();
    }

    /** {@return the policy applied} */
    public RetentionPolicy policy() {
        return policy;
    }
}
