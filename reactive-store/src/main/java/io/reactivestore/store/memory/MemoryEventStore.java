package io.reactivestore.store.memory;

import io.reactivestore.event.Event;
import io.reactivestore.event.EventOrder;
import io.reactivestore.event.Filter;
import io.reactivestore.event.SearchTerms;
import io.reactivestore.store.internal.EventStreams;
import io.reactivestore.store.internal.FilterMerge;
import io.reactivestore.store.internal.SearchRanking;
import io.reactivestore.internal.SerialQueue;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.KeyValueStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.StoreClosedException;
import io.reactivestore.store.StoreFullException;
import io.reactivestore.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An {@link EventStore} in memory, with real indexes: by id, and newest-first ordered sets by author,
 * kind and tag value, so a query walks only the most selective index it names, never every event.
 *
 * <p><b>Concurrency.</b> Reads are lock-free. Writes ({@code save}, {@code delete}, {@code nuke}) are
 * serialized through a non-blocking {@link SerialQueue} (each runs on the thread that finds the queue idle;
 * at most {@value #WRITE_QUEUE} wait, one more fails at once with a transient
 * {@link StoreUnavailableException}): no thread ever waits for a lock, and a
 * replacement of a replaceable address, or concurrent saves to one address, resolve exactly as if
 * they ran one after the other. A query that runs during a replacement sees the old version or the
 * new one, never both.
 *
 * <p><b>Capacity.</b> Optional: {@link #withCapacity(int)} refuses a save that would exceed it with a
 * {@link StoreFullException} (replacing a version does not grow the store). Nothing is durable: a
 * restart loses everything; {@link #sync()} completes at once.
 */
public final class MemoryEventStore implements EventStore {

    private final int capacity;
    private final MemoryIndex index = new MemoryIndex();
    private final Map<String, Event> byAddress = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> tombstones = new ConcurrentHashMap<>();
    /** The most writes queued or running at once. */
    static final int WRITE_QUEUE = 65_536;

    private final SerialQueue writer = new SerialQueue(WRITE_QUEUE,
            n -> new StoreUnavailableException("memory store: " + n + " writes queued; retry later", null),
            () -> new StoreClosedException("memory store"));
    private volatile boolean closed;
    private final MemoryKeyValues keyValues = new MemoryKeyValues(() -> closed);

    private MemoryEventStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** {@return a store without a capacity limit} */
    public static MemoryEventStore create() {
        return new MemoryEventStore(Integer.MAX_VALUE);
    }

    /**
     * {@return a store that holds at most {@code maxEvents} events}
     *
     * @param maxEvents the most events held
     */
    public static MemoryEventStore withCapacity(int maxEvents) {
        return new MemoryEventStore(maxEvents);
    }

    /** {@return how many events the store holds now} */
    public int size() {
        return index.size();
    }

    @Override
    public Mono<SaveResult> save(Event event) {
        return guarded(writer.submit(() -> saveNow(event)));
    }

    private SaveResult saveNow(Event event) {
        if (isTombstoned(event)) {
            return SaveResult.DELETED;
        }
        if (index.get(event.id()) != null) {
            return SaveResult.DUPLICATE;
        }
        String address = event.address();
        Event current = address == null ? null : byAddress.get(address);
        if (current != null && !event.supersedes(current)) {
            return SaveResult.OUTDATED;
        }
        if (current == null && index.size() >= capacity) {
            throw new StoreFullException("in-memory store holds its capacity of " + capacity + " events");
        }
        index.add(event);
        if (address != null) {
            byAddress.put(address, event);
        }
        if (current != null) {
            index.remove(current);
            return SaveResult.REPLACED;
        }
        return SaveResult.SAVED;
    }

    private boolean isTombstoned(Event event) {
        Set<String> authors = tombstones.get(event.id());
        return authors != null && (authors.contains(ANY_AUTHOR) || authors.contains(event.pubkey()));
    }

    private static final String ANY_AUTHOR = "*";

    /**
     * {@inheritDoc}
     *
     * <p>Runs on the subscribing thread as events are requested, a few microseconds per event, and never blocks.
     */
    @Override
    public Flux<Event> query(List<Filter> filters) {
        return guarded(Flux.defer(() -> Flux.fromIterable(() -> cursor(filters))));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each page is computed on the thread that requests it, from the indexes directly (no operator per
     * event), and never blocks.
     */
    @Override
    public Flux<List<Event>> queryPages(List<Filter> filters, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
        }
        return guarded(Flux.defer(() -> {
            ResultCursor cursor = cursor(filters);
            return Flux.<List<Event>>generate(sink -> {
                List<Event> page = cursor.nextPage(pageSize);
                if (!page.isEmpty()) {
                    sink.next(page);
                }
                if (!cursor.hasNext()) {
                    sink.complete();
                }
            });
        }));
    }

    /**
     * The result of {@code filters}: each filter's own result merged newest first, or, for a query ranked by
     * its search ({@link SearchRanking#rankedBy}), best first. A ranked query of several filters holds their
     * matches (each within its filter's limit) at once to merge them.
     */
    private ResultCursor cursor(List<Filter> filters) {
        List<Filter> live = FilterMerge.matchable(filters);
        if (live.size() == 1) {
            return new ResultCursor(List.of(index.query(live.get(0))));
        }
        SearchTerms ranked = live.isEmpty() ? null : SearchRanking.rankedBy(live);
        if (ranked != null) {
            List<SearchRanking.Scored> all = new ArrayList<>();
            for (Filter filter : live) {
                all.addAll(index.search(filter, ranked));
            }
            all.sort(SearchRanking.BEST_FIRST);
            List<Event> distinct = new ArrayList<>(all.size());
            for (SearchRanking.Scored s : all) {
                // one event has one score, so its copies are adjacent
                if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).id().equals(s.event().id())) {
                    distinct.add(s.event());
                }
            }
            return new ResultCursor(List.of(distinct.iterator()));
        }
        List<Iterator<Event>> perFilter = new ArrayList<>(live.size());
        for (Filter filter : live) {
            if (filter.search() == null) {
                perFilter.add(index.query(filter));
            } else {
                // in a query answered newest first, a search filter's best matches are merged newest first
                List<Event> best = SearchRanking.events(index.search(filter, Objects.requireNonNull(filter.searchTerms(), "search")));
                best.sort(EventOrder.NEWEST_FIRST);
                perFilter.add(best.iterator());
            }
        }
        return new ResultCursor(perFilter);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Always: a search scans the candidates of the filter's other conditions, tokenizing each content once
     * (no word index), and ranks its matches as {@link SearchTerms} states.
     *
     * @return {@code true}
     */
    @Override
    public boolean supportsSearch() {
        return true;
    }

    @Override
    public Mono<Long> count(List<Filter> filters) {
        return query(filters).count();
    }

    @Override
    public Mono<Boolean> delete(Deletion deletion) {
        return guarded(writer.submit(() -> {
            if (deletion.tombstone()) {
                tombstones.computeIfAbsent(deletion.eventId(), k -> ConcurrentHashMap.newKeySet())
                        .add(deletion.author() == null ? ANY_AUTHOR : deletion.author());
            }
            Event event = index.get(deletion.eventId());
            if (event == null || (deletion.author() != null && !deletion.author().equals(event.pubkey()))) {
                return false;
            }
            index.remove(event);
            String address = event.address();
            if (address != null) {
                byAddress.remove(address, event);
            }
            return true;
        }));
    }

    @Override
    public Flux<Event> export() {
        return guarded(Flux.defer(index::allEvents));
    }

    @Override
    public Mono<Long> importEvents(Flux<Event> events) {
        return events.concatMap(this::save)
                .filter(r -> r == SaveResult.SAVED || r == SaveResult.REPLACED)
                .count();
    }

    @Override
    public Mono<Void> nuke() {
        return guarded(writer.submit(() -> {
            index.clear();
            byAddress.clear();
            tombstones.clear();
            return null;
        })).then();
    }

    @Override
    public Mono<Void> sync() {
        return guarded(Mono.empty());
    }

    @Override
    public Mono<Void> close() {
        return Mono.fromRunnable(() -> closed = true);
    }

    /**
     * This store's key-values ({@link KeyValueStore}): in memory like its events, gone with the process; one
     * instance per store, closed with it.
     *
     * @return the key-values
     */
    public KeyValueStore keyValues() {
        return keyValues;
    }

    private <T> Mono<T> guarded(Mono<T> work) {
        return Mono.defer(() -> closed ? Mono.error(new StoreClosedException("in-memory event store")) : work);
    }

    private <T> Flux<T> guarded(Flux<T> work) {
        return Flux.defer(() -> closed ? Flux.error(new StoreClosedException("in-memory event store")) : work);
    }

    @Override
    public String toString() {
        return "MemoryEventStore{size=" + index.size() + (capacity == Integer.MAX_VALUE ? "" : ", capacity=" + capacity)
                + "}";
    }
}
