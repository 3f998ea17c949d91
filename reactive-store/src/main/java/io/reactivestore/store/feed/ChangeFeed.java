package io.reactivestore.store.feed;

import io.reactivestore.event.Event;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Follows a {@link ChangeLog} so that each change is emitted exactly once, in sequence order as far as
 * commits allow, whatever the changed event's {@code created_at}.
 *
 * <p><b>When it reads.</b> A subscription to {@link #changes()} starts at the highest sequence number
 * visible then, and reads the changes above its position in one query ({@link ChangeLog#changesAfter},
 * pages of {@link Builder#batchSize}, the next page at once while pages come back full) whenever a
 * wake-up arrives ({@link Builder#wakeUps}: for PostgreSQL, {@code PostgresNotifications.wakeUps}, whose
 * notifications carry the highest sequence number of each write and which signals again after each
 * reconnect of its listening connection) and every {@link Builder#pollEvery} in any case, so a missed
 * notification or a dropped listening connection delays a change by at most that long and never loses it.
 * A wake-up carrying a number at or below the position, with no gap pending, costs no query. Reads never
 * overlap: wake-ups arriving during a read are merged into one next read.
 *
 * <p><b>Numbers that commit out of order.</b> A sequence hands numbers out at insert time, but concurrent
 * transactions commit in any order: number 11 may be visible while 10 is not yet. When a read skips
 * numbers, the skipped ones become <em>gaps</em>, looked up again at every read
 * ({@link ChangeLog#changesAmong}); a gap that becomes visible is emitted then (after changes with higher
 * numbers: that is the only reordering).
 * <ul>
 *   <li><b>With transaction horizons</b> ({@link ChangeLog#horizon()}, the PostgreSQL store): a gap is
 *       kept until every transaction that was running when it was found has ended; the lookup after that
 *       is final (a number still missing was rolled back, or its row was removed, which is a change of
 *       its own). No gap is given up by time, however long a transaction takes to commit. Likewise the
 *       numbers below a subscription's start whose transactions were still running at the start are read
 *       once those transactions have ended ({@link ChangeLog#committedAfterStart}). So no stored change
 *       is ever skipped while the gaps fit in {@link Builder#maxGaps}.
 *   <li><b>Without</b> (H2, whose writers are all in one JVM): a gap is given up after
 *       {@link Builder#gapTimeout} (default 30 s), and numbers below the start committing after it are
 *       not seen.
 * </ul>
 * <b>Memory.</b> One subscription holds at most {@link Builder#maxGaps} gaps (default 100,000, about 80
 * bytes each, so 8 MB) plus one page of {@link Builder#batchSize} changes. Gaps are only the numbers
 * drawn by transactions not yet committed, plus rolled-back numbers until the transactions running when
 * they were seen end: a few batches per writing node in normal operation. Beyond the bound (a transaction
 * of another client held open for hours while many writes roll back), the lowest gap is given up, logged
 * and counted in {@link #gapsAbandoned()}.
 *
 * <p><b>Backpressure and errors.</b> The stream is lossless: a read emits only as fast as the subscriber
 * requests, and the next read waits for it. A failed read (database unreachable) is logged, counted in
 * {@link #readErrors()}, and retried at the next wake-up or tick from the same position. The stream
 * never completes by itself; cancel it to stop following.
 */
public final class ChangeFeed {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    private static final long UNKNOWN = -1;

    private final ChangeLog log;
    private final Publisher<String> wakeUps;
    private final Duration pollEvery;
    private final int batchSize;
    private final Duration gapTimeout;
    private final int maxGaps;
    private final Scheduler scheduler;
    private final LongAdder read = new LongAdder();
    private final LongAdder readErrors = new LongAdder();
    private final LongAdder gapsAbandoned = new LongAdder();

    private ChangeFeed(Builder b) {
        this.log = b.log;
        this.wakeUps = b.wakeUps;
        this.pollEvery = b.pollEvery;
        this.batchSize = b.batchSize;
        this.gapTimeout = b.gapTimeout;
        this.maxGaps = b.maxGaps;
        this.scheduler = b.scheduler;
    }

    /**
     * A builder following {@code log}.
     *
     * @param log the change log to follow
     * @return a new builder
     */
    public static Builder builder(ChangeLog log) {
        return new Builder(log);
    }

    /**
     * Every change from the subscription's start on, each once (see the class description): cold, each
     * subscription follows on its own; lossless and backpressured; never completes; cancel to stop.
     *
     * @return the changes
     */
    public Flux<StoreChange> changes() {
        return Flux.defer(() -> {
            Follower follower = new Follower(log, batchSize, gapTimeout.toMillis(), maxGaps, scheduler, read,
                    gapsAbandoned);
            Flux<Long> hints = Flux.merge(
                    Flux.interval(pollEvery, pollEvery, scheduler).map(tick -> UNKNOWN),
                    Flux.from(wakeUps).map(ChangeFeed::hint).onErrorResume(e -> {
                        LOG.warn("change feed wake-ups failed; reading every {} only", pollEvery, e);
                        return Flux.empty();
                    }));
            return log.start()
                    .doOnError(e -> LOG.warn("change feed cannot read its starting point yet; retrying: {}",
                            e.toString()))
                    .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                            .maxBackoff(Duration.ofSeconds(10)))
                    .doOnNext(follower::startAt)
                    .thenMany(hints)
                    .onBackpressureLatest()
                    .filter(follower::worthReading)
                    .concatMap(hint -> follower.read().onErrorResume(e -> {
                        readErrors.increment();
                        LOG.warn("change feed read failed; retrying at the next wake-up: {}", e.toString());
                        return Flux.empty();
                    }), 1);
        });
    }

    /**
     * The events other store instances stored: {@link #changes()} without removals and without this
     * instance's own writes. Same properties as {@link #changes()}.
     *
     * @return the events stored elsewhere
     */
    public Flux<Event> foreignEvents() {
        return changes().filter(c -> c.isStored() && !c.local()).map(StoreChange::event);
    }

    /** {@return changes read so far, by every subscription} */
    public long changesRead() {
        return read.sum();
    }

    /** {@return reads that failed so far (each retried later)} */
    public long readErrors() {
        return readErrors.sum();
    }

    /**
     * Skipped sequence numbers given up so far: beyond {@code maxGaps}, or (logs without a transaction
     * horizon) not visible within the gap timeout. Numbers found never to appear (rolled back, or removed
     * before they were read) under a transaction horizon are not counted.
     *
     * @return the count
     */
    public long gapsAbandoned() {
        return gapsAbandoned.sum();
    }

    private static long hint(String payload) {
        try {
            return payload.isEmpty() ? UNKNOWN : Long.parseLong(payload.trim());
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    /** Options of a {@link ChangeFeed}. Not thread-safe. */
    public static final class Builder {
        private final ChangeLog log;
        private Publisher<String> wakeUps = Flux.never();
        private Duration pollEvery = Duration.ofSeconds(1);
        private int batchSize = 1000;
        private Duration gapTimeout = Duration.ofSeconds(30);
        private int maxGaps = 100_000;
        private Scheduler scheduler = Schedulers.parallel();

        private Builder(ChangeLog log) {
            this.log = Objects.requireNonNull(log, "log");
        }

        /**
         * Signals that trigger a read at once: a payload holding a sequence number (a read is skipped if
         * the feed is already past it and no gap is pending) or anything else (always read). Subscribed
         * once per subscription of {@link #changes()}; if it fails, reading goes on every
         * {@link #pollEvery} alone.
         *
         * @param value the wake-ups (default none)
         * @return this builder
         */
        public Builder wakeUps(Publisher<String> value) {
            this.wakeUps = Objects.requireNonNull(value, "wakeUps");
            return this;
        }

        /**
         * Reads at least this often (default 1 s): the bound on the delay after a lost wake-up.
         *
         * @param value the period
         * @return this builder
         */
        public Builder pollEvery(Duration value) {
            this.pollEvery = positive("pollEvery", value);
            return this;
        }

        /**
         * Changes per query (default 1000): also the most held in memory by one read.
         *
         * @param value the page size
         * @return this builder
         */
        public Builder batchSize(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("batchSize: must be positive, got " + value);
            }
            this.batchSize = value;
            return this;
        }

        /**
         * How long a skipped sequence number is looked for before it is given up (default 30 s), when the
         * log has no transaction horizon (with one, a gap is kept as long as a transaction may commit it).
         *
         * @param value the gap timeout
         * @return this builder
         */
        public Builder gapTimeout(Duration value) {
            this.gapTimeout = positive("gapTimeout", value);
            return this;
        }

        /**
         * Most skipped numbers remembered at once (default 100,000, about 80 bytes each); the lowest is
         * given up beyond (logged and counted in {@link ChangeFeed#gapsAbandoned()}).
         *
         * @param value the bound
         * @return this builder
         */
        public Builder maxGaps(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maxGaps: must be positive, got " + value);
            }
            this.maxGaps = value;
            return this;
        }

        /**
         * Where the periodic reads fire and gap deadlines are measured (default {@link Schedulers#parallel()}).
         *
         * @param value the scheduler
         * @return this builder
         */
        public Builder scheduler(Scheduler value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /** {@return the feed (nothing runs until {@link ChangeFeed#changes()} is subscribed)} */
        public ChangeFeed build() {
            return new ChangeFeed(this);
        }

        private static Duration positive(String field, Duration value) {
            Objects.requireNonNull(value, field);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + ": must be positive, got " + value);
            }
            return value;
        }
    }
}
