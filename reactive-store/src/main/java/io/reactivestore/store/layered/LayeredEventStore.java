package io.reactivestore.store.layered;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.internal.EventStreams;
import io.reactivestore.store.internal.FilterMerge;
import io.reactivestore.store.internal.StoreGuard;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.feed.ChangeLog;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A two-level event store: a size-limited first level (L1, a cache: memory or a local database) over an
 * authoritative second level (L2, large, possibly shared by several nodes). It is itself an
 * {@link EventStore} and follows that contract; L1 holds a subset of L2.
 *
 * <p><b>Save</b> writes to L2 and, once L2 acknowledged it ({@code SAVED}, {@code REPLACED} or
 * {@code DUPLICATE}), to L1; the result is L2's. A failed L1 write is absorbed and counted
 * ({@link LayeredStats#l1Errors()}): the event is durable in L2 and L1 merely misses it.
 *
 * <p><b>Query</b> reads both levels, one query each for all the filters of a call, and merges them
 * ({@link FilterMerge}): newest first, no duplicates,
 * each filter's limit applied to the merged result, and a newer version of a replaceable address coming
 * from L2 hides an older one still cached in L1. A result L1 had is a <em>hit</em> and counts as an
 * access to it; a result only L2 had is a <em>miss</em> and is offered to the back-fill (with
 * {@link Builder#promoteOnSecondMiss}, only from its second miss on), which saves it
 * into L1 in the background so that the next matching query finds it there. The back-fill never delays
 * or blocks the query: it is a bounded queue ({@link Builder#backfillQueue}) drained by one long-lived
 * subscription of this store; when it falls behind, the events that do not fit are dropped and counted
 * ({@link LayeredStats#backfillDropped()}) and are offered again by the next query finding them. If L1
 * fails during a query, the query goes on with L2 alone.
 *
 * <p><b>Answers from L1 alone.</b> A list of filters each with a limit (together at most
 * {@value #MAX_REMEMBERED_LIMIT}) whose merged answer consisted only of hits is remembered
 * ({@link Builder#completeAnswers}): L1 then holds its complete answer, and the same list is answered
 * from L1 alone, at L1's latency, for as
 * long as that stays sure. Such an answer is read whole from L1 (at most the limit) and served only if
 * no eviction ran meanwhile. Saves and deletions through this store change both levels alike; an
 * eviction that could touch the query's events (same author and kind), an import into L2, a nuke or a
 * failed L1 write make it ask both levels again. This is off in the shared-L2 mode, where other nodes
 * write L2 behind this store's back. L2 is authoritative for what exists: in the shared-L2 mode an
 * event another node deleted or replaced leaves L1 when this store's change feed reads the removal
 * (within milliseconds with PostgreSQL notifications); until then a query may still return it from L1.
 *
 * <p><b>L1 budget.</b> A budget in events and/or bytes (the events' JSON length) with a low and a high
 * water mark. A collector runs every {@link Builder#collectEvery} on the store's scheduler, never on a
 * caller's thread: when L1 is above the high mark it evicts the least recently accessed events (saved,
 * back-filled or returned by a query) until it is at the low mark. Between two runs L1 may exceed its
 * budget by what is written in one interval. The store tracks L1's content itself (an index built from
 * {@code L1.export()} at start and kept up to date by every write), so an access costs a counter
 * increment. Its work is observable: {@link #stats()} and the hot stream {@link #collections()}.
 *
 * <p><b>Other operations.</b> {@link #count} is L2's count. {@link #delete} acts on both levels in
 * parallel, with a tombstone unless the {@link Deletion} asks for none. {@link #export()} and
 * {@code export(pubkeys)} read L2; {@link #importEvents} (and so {@code Ndjson.importInto}) writes L2
 * alone through L2's batched import, publishes nothing live, and imported events reach L1 when queries
 * find them. {@link #nuke()},
 * {@link #sync()} and {@link #close()} act on both levels in parallel and complete when both have; the
 * store owns both levels.
 *
 * <p><b>Shared L2.</b> With {@link Builder#pollEvery} set (L2 must be a
 * {@link ChangeLog}: the R2DBC store), the store follows L2's change log by its insertion sequence
 * ({@link io.reactivestore.store.feed.ChangeFeed}): every event another store instance saved is seen
 * once, whatever its {@code created_at}, saved into L1 and published on {@link #events()}, so that a
 * relay can deliver it to its live subscribers; every removal (deletion, replaced version, nuke) is
 * deleted from L1. {@link Builder#wakeUps} (for a PostgreSQL L2: {@link io.reactivestore.store.r2dbc.postgres.PostgresNotifications#wakeUps})
 * triggers a read at once; reading every {@code pollEvery} stays the fallback for lost notifications.
 *
 * <p>Background work (collector, back-fill drain, poller) starts in {@link Builder#build()} and stops at
 * {@link #close()}.
 */
public final class LayeredEventStore implements EventStore {

    private static final Logger LOG = LoggerFactory.getLogger(LayeredEventStore.class);
    /** Largest filter limit whose complete answer is remembered and read from L1 alone. */
    static final int MAX_REMEMBERED_LIMIT = 1000;
    /** Bounds of how many misses {@link Builder#promoteOnSecondMiss} remembers (L1's event cap between them). */
    static final int MIN_SECOND_MISS_WINDOW = 1 << 10;
    static final int MAX_SECOND_MISS_WINDOW = 1 << 20;

    private final EventStore l1;
    private final EventStore l2;
    private final L1Budget budget;
    private final StoreGuard guard;
    private final Counters counters = new Counters();
    private final L1Index index = new L1Index();
    private final Backfill backfill;
    /** {@code null}: every miss is promoted. */
    private final @Nullable SecondMissFilter secondMiss;
    private final @Nullable L2Poller poller;
    private final CompleteAnswers completeAnswers;
    private final AtomicBoolean collecting = new AtomicBoolean();
    private final Sinks.Many<CollectionReport> reports = Sinks.many().multicast().directBestEffort();
    private final Disposable.Composite background = Disposables.composite();

    private LayeredEventStore(Builder b) {
        this.l1 = b.l1;
        this.l2 = b.l2;
        this.budget = new L1Budget(b.maxEvents, b.maxBytes, b.lowWater, b.highWater);
        this.guard = new StoreGuard(b.name);
        this.backfill = new Backfill(b.backfillQueue, this::backfillIntoL1, b.scheduler, counters);
        long secondMissWindow = Math.max(MIN_SECOND_MISS_WINDOW, Math.min(b.maxEvents, MAX_SECOND_MISS_WINDOW));
        this.secondMiss = b.promoteOnSecondMiss ? new SecondMissFilter((int) secondMissWindow) : null;
        if (b.pollEvery != null && !(l2 instanceof ChangeLog)) {
            throw new IllegalArgumentException("pollEvery: the shared-L2 mode needs an L2 with a change log"
                    + " (the R2DBC store), got " + l2.getClass().getName());
        }
        this.poller = b.pollEvery == null ? null
                : new L2Poller((ChangeLog) l2, this::cacheInL1, this::removeFromL1, b.pollEvery, b.pollLimit,
                        b.wakeUps, b.scheduler, b.eventsBuffer, counters);
        this.completeAnswers = new CompleteAnswers(poller == null ? b.completeAnswers : 0);
        start(b.collectEvery, b.scheduler);
    }

    /**
     * A builder over {@code l1} (the cache) and {@code l2} (the authoritative store).
     *
     * @param l1 the first level (small and fast)
     * @param l2 the second level (the shared store)
     * @return a new builder
     */
    public static Builder builder(EventStore l1, EventStore l2) {
        return new Builder(l1, l2);
    }

    private void start(Duration collectEvery, Scheduler scheduler) {
        backfill.start();
        background.add(backfill);
        Flux<CollectionReport> collector = l1.export()
                .doOnNext(index::stored)
                .onErrorResume(e -> {
                    LOG.warn("could not index L1's existing content; it is not evicted", e);
                    return Mono.empty();
                })
                .thenMany(Flux.interval(collectEvery, collectEvery, scheduler))
                .onBackpressureDrop()
                .concatMap(tick -> collect().onErrorResume(e -> {
                    counters.l1Errors.increment();
                    LOG.warn("L1 collection failed; retrying at the next tick", e);
                    return Mono.empty();
                }), 1);
        background.add(collector.subscribe(null,
                e -> LOG.error("the L1 collector stopped; L1 is no longer kept to its budget", e)));
        if (poller != null) {
            poller.start();
            background.add(poller);
        }
    }

    // ---- save and query ----------------------------------------------------------------------------

    @Override
    public Mono<SaveResult> save(Event event) {
        Objects.requireNonNull(event, "event");
        return guard.mono(() -> l2.save(event).flatMap(result -> {
            if (!result.isStored()) {
                return Mono.just(result);
            }
            return cacheInL1(event).thenReturn(result);
        }));
    }

    /** Saves {@code event} into L1 and indexes it; L1 errors are counted and absorbed. */
    private Mono<Void> cacheInL1(Event event) {
        return l1.save(event)
                .doOnNext(result -> {
                    if (result.isStored()) {
                        index.stored(event);
                    }
                })
                .onErrorResume(e -> {
                    counters.l1Errors.increment();
                    completeAnswers.invalidateAll();
                    LOG.debug("L1 refused {}; it stays in L2 only", event.id(), e);
                    return Mono.empty();
                })
                .then();
    }

    /** Deletes {@code eventId} from L1 (another node deleted or replaced it in L2); errors absorbed. */
    private Mono<Void> removeFromL1(String eventId) {
        return l1.delete(Deletion.of(eventId).withoutTombstone())
                .doOnNext(removed -> {
                    if (removed) {
                        index.forget(eventId);
                    }
                })
                .onErrorResume(e -> {
                    counters.l1Errors.increment();
                    LOG.debug("L1 could not remove {}", eventId, e);
                    return Mono.empty();
                })
                .then();
    }

    private Mono<Void> backfillIntoL1(Event event) {
        return cacheInL1(event).doOnSuccess(v -> counters.backfilled.increment());
    }

    @Override
    public Flux<Event> query(List<Filter> filters) {
        Objects.requireNonNull(filters, "filters");
        return guard.flux(() -> {
            List<Filter> live = FilterMerge.matchable(filters);
            if (Filter.anySearch(live)) {
                // L1 holds only some events and ranks none: the authoritative L2 answers a search alone
                return l2.query(live);
            }
            return live.isEmpty() ? Flux.empty() : queryBothLevels(live);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>A query with a search filter is answered by L2 alone (no L1 hits, no back-fill).
     *
     * @return whether L2 supports search
     */
    @Override
    public boolean supportsSearch() {
        return l2.supportsSearch();
    }

    /**
     * The answer to {@code group}: from L1 alone if L1 is known to hold it completely
     * ({@link CompleteAnswers}), else both levels merged.
     */
    private Flux<Event> queryBothLevels(List<Filter> group) {
        return Flux.defer(() -> {
            long generation = completeAnswers.generation();
            return completeAnswers.isComplete(group) ? fromL1Alone(group, generation) : merged(group);
        });
    }

    /**
     * L1's answer, each result a hit. It is read whole first (at most the filter's limit, at most
     * {@value #MAX_REMEMBERED_LIMIT} events) and served only if no invalidation (an eviction above all)
     * ran since {@code generation} was read (before the group was found complete); otherwise, or if L1
     * fails, the query asks both levels.
     */
    private Flux<Event> fromL1Alone(List<Filter> group, long generation) {
        return l1.query(group).collectList()
                .map(Optional::of)
                .onErrorResume(e -> {
                    counters.l1Errors.increment();
                    completeAnswers.invalidateAll();
                    LOG.debug("L1 query failed; answering from both levels", e);
                    return Mono.just(Optional.empty());
                })
                .flatMapMany(answer -> {
                    if (answer.isEmpty() || completeAnswers.generation() != generation) {
                        return merged(group);
                    }
                    for (Event e : answer.get()) {
                        counters.hits.increment();
                        index.touch(e.id());
                    }
                    return Flux.fromIterable(answer.get());
                });
    }

    /**
     * Whether a complete answer to {@code group} may be remembered: every filter has a limit, and they add
     * up to at most {@value #MAX_REMEMBERED_LIMIT} (the most {@link #fromL1Alone} reads whole).
     */
    private static boolean rememberable(List<Filter> group) {
        long sum = 0;
        for (Filter f : group) {
            if (f.limit() == null) {
                return false;
            }
            sum += f.limit();
        }
        return sum <= MAX_REMEMBERED_LIMIT;
    }

    /**
     * Both levels' answers to {@code group} (one query each for the whole group), merged and trimmed to
     * each filter's limit ({@link FilterMerge#trimToLimits}). An emitted event whose id L1 delivered is a hit:
     * since both streams are newest first, the merge emits an event only once L1 has delivered it or
     * passed it, so the check is exact. The set holds L1's results not yet emitted, at most L1's
     * answer. A group answered entirely by hits is recorded as complete in L1.
     */
    private Flux<Event> merged(List<Filter> group) {
        long generation = completeAnswers.generation();
        Set<String> fromL1 = ConcurrentHashMap.newKeySet();
        AtomicBoolean allFromL1 = new AtomicBoolean(true);
        Flux<Event> cached = l1.query(group)
                .doOnNext(e -> fromL1.add(e.id()))
                .onErrorResume(e -> {
                    counters.l1Errors.increment();
                    allFromL1.set(false);
                    LOG.debug("L1 query failed; answering from L2 alone", e);
                    return Flux.empty();
                });
        Flux<Event> both = EventStreams.mergeNewestFirst(List.of(cached, l2.query(group)));
        Flux<Event> answer = FilterMerge.trimToLimits(group, both)
                .doOnNext(e -> {
                    if (fromL1.remove(e.id())) {
                        counters.hits.increment();
                        index.touch(e.id());
                    } else {
                        allFromL1.set(false);
                        counters.misses.increment();
                        if (secondMiss == null || secondMiss.promote(e.id())) {
                            backfill.offer(e);
                        }
                    }
                });
        if (!rememberable(group)) {
            return answer;
        }
        return answer.doOnComplete(() -> {
            if (allFromL1.get()) {
                completeAnswers.recordComplete(group, generation);
            }
        });
    }

    /** L2's count: L2 holds every event. */
    @Override
    public Mono<Long> count(List<Filter> filters) {
        Objects.requireNonNull(filters, "filters");
        return guard.mono(() -> l2.count(filters));
    }

    // ---- the L1 collector --------------------------------------------------------------------------

    /**
     * Runs the collector now (it also runs on its schedule): if L1 is above its high water mark, evicts
     * the least recently accessed events down to the low mark. Runs do not overlap: while one runs,
     * this completes empty.
     *
     * @return what the collection did
     */
    public Mono<CollectionReport> collect() {
        return Mono.defer(() -> {
            if (!collecting.compareAndSet(false, true)) {
                return Mono.empty();
            }
            long eventsBefore = index.events();
            long bytesBefore = index.bytes();
            List<L1Index.Victim> victims = budget.aboveHighWater(eventsBefore, bytesBefore)
                    ? index.victims(budget.lowEvents(), budget.lowBytes()) : List.of();
            // forgotten before the evictions (no query answers from L1 alone meanwhile) and again after
            // (a query that saw L1 before they completed and recorded itself is forgotten too)
            completeAnswers.invalidate(victims);
            return Flux.fromIterable(victims)
                    .flatMap(this::evict, Backfill.CONCURRENCY)
                    .filter(Boolean::booleanValue)
                    .count()
                    .doOnNext(evicted -> completeAnswers.invalidate(victims))
                    .map(evicted -> new CollectionReport(eventsBefore, bytesBefore, evicted, index.events(),
                            index.bytes()))
                    .doOnNext(report -> {
                        counters.collections.increment();
                        reports.tryEmitNext(report);
                    })
                    .doFinally(signal -> collecting.set(false));
        });
    }

    /** Removes {@code victim} from L1 without a tombstone; emits whether L1 still had it. */
    private Mono<Boolean> evict(L1Index.Victim victim) {
        index.forget(victim.id());
        return l1.delete(new Deletion(victim.id(), null, false)).doOnNext(removed -> {
            if (removed) {
                counters.evicted.increment();
            }
        });
    }

    /**
     * A report after each collector run: a hot stream from subscription on; a subscriber without
     * demand when a report is published misses it.
     *
     * @return a report after each collector run: a hot stream from subscription on; a subscriber without demand when a report is published misses it
     */
    public Flux<CollectionReport> collections() {
        return reports.asFlux();
    }

    /** {@return the counters so far: L1 size, hits and misses, evictions, back-fill and polling} */
    public LayeredStats stats() {
        return counters.snapshot(index, poller == null ? 0 : poller.readErrors());
    }

    /**
     * Events other nodes saved into the shared L2, as polls find them (see the class description):
     * a hot stream from subscription on. Each subscriber has its own buffer of
     * {@link Builder#eventsBuffer} events; when a slow subscriber's buffer is full its oldest undelivered
     * event is dropped (counted in {@link LayeredStats#eventsDropped()}) and other subscribers are not
     * held back. Completes at {@link #close()}; completes at once if polling is not enabled.
     *
     * @return events other nodes saved into the shared L2, as polls find them (see the class description): a hot stream from subscription on
     */
    public Flux<Event> events() {
        return poller == null ? Flux.empty() : poller.events();
    }

    // ---- the rest of the contract -------------------------------------------------------------------

    @Override
    public Mono<Boolean> delete(Deletion deletion) {
        Objects.requireNonNull(deletion, "deletion");
        return guard.mono(() -> Mono.zip(
                        l1.delete(deletion).doOnNext(removed -> {
                            if (removed) {
                                index.forget(deletion.eventId());
                            }
                        }),
                        l2.delete(deletion))
                .map(both -> both.getT1() || both.getT2())
                .transform(this::withoutCompleteAnswers));
    }

    /** {@code operation}, during which no query is recorded as answered completely by L1. */
    private <T> Mono<T> withoutCompleteAnswers(Mono<T> operation) {
        return Mono.defer(() -> {
            completeAnswers.suspend();
            return operation.doFinally(signal -> completeAnswers.resume());
        });
    }

    @Override
    public Flux<Event> export() {
        return guard.flux(l2::export);
    }

    /** L2's {@code export(pubkeys)}: events by or p-tagging the keys, newest first (L2 holds every event). */
    @Override
    public Flux<Event> export(Set<String> pubkeys) {
        Objects.requireNonNull(pubkeys, "pubkeys");
        return guard.flux(() -> l2.export(pubkeys));
    }

    /**
     * A bulk write to the authoritative store: the events go to L2's own {@link EventStore#importEvents}
     * (L2's batches), never to L1, whose hot set is left as it is (imported events reach L1 only when
     * queries find them, like any L2 event). Imported events are not published on {@link #events()} of
     * this store: L2 marks them as written by this store instance. Other nodes sharing L2 cannot tell an
     * import from a save and publish them like any write they read from the change log.
     *
     * @return how many events L2 stored
     */
    @Override
    public Mono<Long> importEvents(Flux<Event> events) {
        Objects.requireNonNull(events, "events");
        return guard.mono(() -> l2.importEvents(events)
                .transform(this::withoutCompleteAnswers));
    }

    @Override
    public Mono<Void> nuke() {
        return guard.mono(() -> Mono.when(l1.nuke(), l2.nuke()).doOnSuccess(v -> index.clear())
                .transform(this::withoutCompleteAnswers));
    }

    @Override
    public Mono<Void> sync() {
        return guard.mono(() -> Mono.when(l1.sync(), l2.sync()));
    }

    /**
     * Completes once the background back-fill (promotion of events that queries found only in L2) has
     * nothing left to do: its queue is empty and no save into L1 is running, at some moment after
     * subscription. Events a query offered before this is subscribed are then in L1 (or were dropped
     * and counted in {@link LayeredStats#backfillDropped()}, or L1 refused them). Completes at once
     * after {@link #close()}. Never fails; cancelling stops waiting. For tests and for warming L1 up
     * before traffic: a query's own result never waits for the back-fill.
     *
     * @return completion when the back-fill is idle
     */
    public Mono<Void> idle() {
        return backfill.idle();
    }

    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            if (!guard.close()) {
                return Mono.empty();
            }
            background.dispose();
            reports.tryEmitComplete();
            return Mono.when(l1.close(), l2.close());
        });
    }

    /**
     * Options of a {@link LayeredEventStore}; {@link #build()} validates them and starts the store's
     * background work. Not thread-safe.
     */
    public static final class Builder {
        private final EventStore l1;
        private final EventStore l2;
        private long maxEvents = Long.MAX_VALUE;
        private long maxBytes = Long.MAX_VALUE;
        private double lowWater = 0.8;
        private double highWater = 0.95;
        private Duration collectEvery = Duration.ofSeconds(1);
        private int backfillQueue = 4096;
        private boolean promoteOnSecondMiss;
        private @Nullable Duration pollEvery;
        private int pollLimit = 10_000;
        private Publisher<?> wakeUps = Flux.never();
        private int eventsBuffer = 1024;
        private int completeAnswers = 10_000;
        private Scheduler scheduler = Schedulers.parallel();
        private String name = "layered store";

        private Builder(EventStore l1, EventStore l2) {
            this.l1 = Objects.requireNonNull(l1, "l1");
            this.l2 = Objects.requireNonNull(l2, "l2");
        }

        /**
         * Caps L1 at this many events.
         *
         * @param value caps L1 at this many events
         * @return this builder
         */
        public Builder maxEvents(long value) {
            this.maxEvents = positive("maxEvents", value);
            return this;
        }

        /**
         * Caps L1 at this many bytes of event JSON (L1's own per-event overhead is not counted).
         *
         * @param value caps L1 at this many bytes of event JSON (L1's own per-event overhead is not counted)
         * @return this builder
         */
        public Builder maxBytes(long value) {
            this.maxBytes = positive("maxBytes", value);
            return this;
        }

        /**
         * Water marks as fractions of the caps (default 0.8 and 0.95): the collector starts above
         * {@code high} and evicts down to {@code low}.
         *
         * @param low the fill ratio the collector evicts down to
         * @param high the fill ratio above which the collector evicts
         * @return this builder
         */
        public Builder waterMarks(double low, double high) {
            this.lowWater = low;
            this.highWater = high;
            return this;
        }

        /**
         * How often the collector runs (default 1 s).
         *
         * @param value how often the collector runs (default 1 s)
         * @return this builder
         */
        public Builder collectEvery(Duration value) {
            this.collectEvery = positive("collectEvery", value);
            return this;
        }

        /**
         * Capacity of the back-fill queue (default 4096 events); what does not fit is dropped and counted.
         *
         * @param value capacity of the back-fill queue (default 4096 events); what does not fit is dropped and counted
         * @return this builder
         */
        public Builder backfillQueue(int value) {
            this.backfillQueue = (int) positive("backfillQueue", value);
            return this;
        }

        /**
         * Promotes an L2 hit into L1 only on its second miss (default: on every miss). For reads spread
         * over much more than L1 holds, promoting every miss makes L1 churn: each promoted event pushes out
         * another and is itself evicted before it is read again, which costs L1 writes, evictions and
         * garbage collection for no hits. Waiting for a second miss keeps the events read repeatedly. The
         * misses are remembered approximately (see {@code SecondMissFilter}) and forgotten after as many
         * as L1's event cap (at least 1,024, at most 1,048,576). A miss not promoted counts in
         * {@link LayeredStats#misses()} but neither in {@code backfilled} nor in {@code backfillDropped}.
         *
         * @param value promotes an L2 hit into L1 only on its second miss (default: on every miss)
         * @return this builder
         */
        public Builder promoteOnSecondMiss(boolean value) {
            this.promoteOnSecondMiss = value;
            return this;
        }

        /**
         * Enables the shared-L2 mode (no default: off): follows L2's change log, reading it at least this
         * often and at once on each {@link #wakeUps} signal. L2 must be a {@link ChangeLog} (the R2DBC
         * store), or {@link #build()} fails.
         *
         * @param value the longest delay between two reads of L2's change log
         * @return this builder
         */
        public Builder pollEvery(Duration value) {
            this.pollEvery = positive("pollEvery", value);
            return this;
        }

        /**
         * Changes read from L2's change log per query (default 10000); a full page is followed at once
         * by the next, so this only bounds memory per read, never what is seen.
         *
         * @param value the page size of the change feed
         * @return this builder
         */
        public Builder pollLimit(int value) {
            this.pollLimit = (int) positive("pollLimit", value);
            return this;
        }

        /**
         * Signals that trigger a read of L2's change log at once, such as
         * {@link io.reactivestore.store.r2dbc.postgres.PostgresNotifications#wakeUps} (a signal whose text is a sequence number already read is
         * skipped); subscribed once, at build, for the store's life. If it fails, reading goes on on its
         * schedule alone.
         *
         * @param value signals that trigger a read at once
         * @return this builder
         */
        public Builder wakeUps(Publisher<?> value) {
            this.wakeUps = Objects.requireNonNull(value, "wakeUps");
            return this;
        }

        /**
         * Per-subscriber buffer of {@link #events()} (default 1024).
         *
         * @param value per-subscriber buffer of {@link #events()} (default 1024)
         * @return this builder
         */
        public Builder eventsBuffer(int value) {
            this.eventsBuffer = (int) positive("eventsBuffer", value);
            return this;
        }

        /**
         * How many queries known to be answered completely by L1 are remembered and then answered from
         * L1 alone (default 10000; 0 turns it off). Always off in the shared-L2 mode, where other nodes
         * change L2 behind L1's back.
         *
         * @param value how many queries known to be answered completely by L1 are remembered and then answered from L1 alone (default 10000; 0 turns it off)
         * @return this builder
         */
        public Builder completeAnswers(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("completeAnswers: must not be negative, got " + value);
            }
            this.completeAnswers = value;
            return this;
        }

        /**
         * Where timers fire and the back-fill drains (default {@link Schedulers#parallel()}).
         *
         * @param value where timers fire and the back-fill drains (default {@link Schedulers#parallel()})
         * @return this builder
         */
        public Builder scheduler(Scheduler value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /**
         * Name used in errors and logs.
         *
         * @param value name used in errors and logs
         * @return this builder
         */
        public Builder name(String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        /**
         * Builds the store and starts its background work.
         *
         * @return the running store
         * @throws IllegalArgumentException without a budget, with water marks not
         *     {@code 0 < low <= high <= 1}, or with {@link #pollEvery} over an L2 that is not a {@link ChangeLog}
         */
        public LayeredEventStore build() {
            return new LayeredEventStore(this);
        }

        private static long positive(String field, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(field + ": must be positive, got " + value);
            }
            return value;
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
