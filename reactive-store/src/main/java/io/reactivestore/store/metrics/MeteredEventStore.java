package io.reactivestore.store.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.StoreSize;
import io.reactivestore.store.layered.LayeredEventStore;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * An {@link EventStore} that records what the store it wraps does into a Micrometer {@link MeterRegistry},
 * every meter tagged {@code store=<name>} (Prometheus names in brackets):
 * <ul>
 *   <li>{@code store.saves} timer, tag {@code result} (saved, replaced, duplicate, outdated, deleted, error)
 *       ({@code store_saves_seconds}): save latency as a histogram, and the count of saves by result</li>
 *   <li>{@code store.queries} timer, tag {@code outcome} (complete, cancel, error): from subscription to the
 *       end of the stream (a REQ's stored part), as a histogram; {@code store.query.events} counter: events
 *       returned</li>
 *   <li>{@code store.counts} timer; {@code store.deletes} counter, tag {@code deleted}; {@code store.imports}
 *       counter: events imported</li>
 *   <li>if the store is a {@link LayeredEventStore}: gauges {@code store.l1.hit.ratio}, {@code store.l1.events},
 *       {@code store.l1.bytes} (from its counters: a field read each)</li>
 *   <li>if the store reports its size ({@link StoreSize}, the H2 file): gauge {@code store.size.bytes}, the
 *       size last measured; a collection older than 10 s starts a new measurement in the background, so a
 *       scrape never waits for the disk</li>
 * </ul>
 * Everything else (ordering, errors, backpressure, threading) is the wrapped store's: signals pass through
 * unchanged, on the wrapped store's threads. The meters add a clock read and a few counter increments per
 * operation; without this wrapper nothing is recorded. Closing closes the wrapped store; the meters stay in
 * the registry.
 */
public final class MeteredEventStore implements EventStore {

    private static final long SIZE_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final EventStore store;
    private final Map<SaveResult, Timer> saves = new EnumMap<>(SaveResult.class);
    private final Timer saveErrors;
    private final Map<SignalType, Timer> queries = new EnumMap<>(SignalType.class);
    private final Counter queryEvents;
    private final Timer counts;
    private final Counter deleted;
    private final Counter notDeleted;
    private final Counter imported;
    private final AtomicLong size = new AtomicLong(-1);
    private final AtomicLong sizeMeasuredAt = new AtomicLong(System.nanoTime() - SIZE_REFRESH_NANOS);
    private final AtomicBoolean measuring = new AtomicBoolean();

    private MeteredEventStore(EventStore store, MeterRegistry registry, String name) {
        this.store = store;
        Tags tags = Tags.of("store", name);
        for (SaveResult result : SaveResult.values()) {
            saves.put(result, saveTimer(registry, tags, result.name().toLowerCase(Locale.ROOT)));
        }
        this.saveErrors = saveTimer(registry, tags, "error");
        for (SignalType end : List.of(SignalType.ON_COMPLETE, SignalType.CANCEL, SignalType.ON_ERROR)) {
            String outcome = end == SignalType.ON_COMPLETE ? "complete" : end == SignalType.CANCEL ? "cancel" : "error";
            queries.put(end, Timer.builder("store.queries").description("query time, subscription to end of stream")
                    .tags(tags).tag("outcome", outcome).publishPercentileHistogram().register(registry));
        }
        this.queryEvents = Counter.builder("store.query.events").description("events returned by queries")
                .tags(tags).register(registry);
        this.counts = Timer.builder("store.counts").description("count (NIP-45) time").tags(tags)
                .publishPercentileHistogram().register(registry);
        this.deleted = deletes(registry, tags, "true");
        this.notDeleted = deletes(registry, tags, "false");
        this.imported = Counter.builder("store.imports").description("events imported").tags(tags)
                .register(registry);
        if (store instanceof LayeredEventStore layered) {
            Gauge.builder("store.l1.hit.ratio", layered, l -> l.stats().hitRate())
                    .description("share of L1 lookups answered by L1").tags(tags).strongReference(true)
                    .register(registry);
            Gauge.builder("store.l1.events", layered, l -> l.stats().l1Events()).description("events in L1")
                    .tags(tags).strongReference(true).register(registry);
            Gauge.builder("store.l1.bytes", layered, l -> l.stats().l1Bytes()).description("bytes of events in L1")
                    .tags(tags).strongReference(true).register(registry);
        }
        if (store instanceof StoreSize sized) {
            Gauge.builder("store.size.bytes", sized, this::lastSize).description("bytes on disk, last measured")
                    .tags(tags).strongReference(true).register(registry);
        }
    }

    private static Timer saveTimer(MeterRegistry registry, Tags tags, String result) {
        return Timer.builder("store.saves").description("save time by result").tags(tags).tag("result", result)
                .publishPercentileHistogram().register(registry);
    }

    private static Counter deletes(MeterRegistry registry, Tags tags, String deleted) {
        return Counter.builder("store.deletes").description("deletions, by whether an event was deleted")
                .tags(tags).tag("deleted", deleted).register(registry);
    }

    /**
     * Wraps {@code store}, registering its meters in {@code registry}.
     *
     * @param store    the store to measure
     * @param registry where to record
     * @param name     the {@code store} tag of every meter (one name per wrapped store in a registry)
     * @return the measuring store
     */
    public static MeteredEventStore wrap(EventStore store, MeterRegistry registry, String name) {
        return new MeteredEventStore(Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(name, "name"));
    }

    /** {@return the wrapped store} */
    public EventStore delegate() {
        return store;
    }

    private double lastSize(StoreSize sized) {
        long now = System.nanoTime();
        long last = sizeMeasuredAt.get();
        if (now - last >= SIZE_REFRESH_NANOS && measuring.compareAndSet(false, true)) {
            sizeMeasuredAt.set(now);
            // A detached measurement on purpose: one at a time, its result kept for the next collection.
            sized.sizeOnDisk().doFinally(s -> measuring.set(false))
                    .subscribe(size::set, error -> { });
        }
        return size.get();
    }

    @Override
    public Mono<SaveResult> save(Event event) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return store.save(event)
                    .doOnNext(result -> Objects.requireNonNull(saves.get(result), "timer per result").record(System.nanoTime() - start, TimeUnit.NANOSECONDS))
                    .doOnError(error -> saveErrors.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        });
    }

    @Override
    public Flux<Event> query(List<Filter> filters) {
        return Flux.defer(() -> {
            long start = System.nanoTime();
            return store.query(filters)
                    .doOnNext(event -> queryEvents.increment())
                    .doFinally(end -> {
                        Timer timer = queries.get(end);
                        if (timer != null) {
                            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        }
                    });
        });
    }

    /**
     * {@inheritDoc}
     *
     * @return whether the wrapped store supports search
     */
    @Override
    public boolean supportsSearch() {
        return store.supportsSearch();
    }

    @Override
    public Mono<Long> count(List<Filter> filters) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return store.count(filters)
                    .doOnNext(n -> counts.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        });
    }

    @Override
    public Mono<Boolean> delete(Deletion deletion) {
        return store.delete(deletion).doOnNext(done -> (done ? deleted : notDeleted).increment());
    }

    @Override
    public Flux<Event> export() {
        return store.export();
    }

    @Override
    public Flux<Event> export(Set<String> pubkeys) {
        return store.export(pubkeys);
    }

    @Override
    public Mono<Long> importEvents(Flux<Event> events) {
        return store.importEvents(events).doOnNext(imported::increment);
    }

    @Override
    public Mono<Void> nuke() {
        return store.nuke();
    }

    @Override
    public Mono<Void> sync() {
        return store.sync();
    }

    @Override
    public Mono<Void> close() {
        return store.close();
    }
}
