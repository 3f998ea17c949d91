package io.reactivestore.store.composite;

import io.reactivestore.event.Event;
import io.reactivestore.event.EventOrder;
import io.reactivestore.event.Filter;
import io.reactivestore.store.internal.FilterMerge;
import io.reactivestore.store.internal.MemberStores;
import io.reactivestore.store.internal.StoreGuard;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.SearchNotSupportedException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Several stores used at once, as one {@link EventStore}: every event is saved to all of them, and a
 * query reads all of them and merges the answers as one store holding the union would answer (newest
 * first, no duplicates, one version per replaceable address, each filter's limit applied to the merged
 * answer). Each member gets one query per call, with every filter that can match ({@link FilterMerge}). Useful to write a primary and a mirror, or to migrate from one backend to another.
 *
 * <p><b>Consistency.</b> A save is acknowledged when every member acknowledged it; it is not atomic
 * across members: if one fails, the error is signalled and the others may have stored the event. The
 * {@link SaveResult} is the most "storing" answer of the members: {@code REPLACED} if any replaced,
 * else {@code SAVED} if any saved, else {@code DUPLICATE} if any already had it, else the first
 * member's answer ({@code OUTDATED} or {@code DELETED}).
 *
 * <p><b>Diverging members.</b> When members disagree (one missed some saves), the answer is the union
 * of theirs; of two versions of one replaceable address the newer hides the older only when both match
 * the query: a member still holding an older version that matches a filter the newer one does not
 * (for example {@code until} before it) contributes it.
 *
 * <p><b>Counting.</b> {@link #count} streams the merged query and counts it, so an event held by
 * several members counts once; it does not count in place.
 *
 * <p><b>Lifecycle.</b> The composite owns its members: {@link #nuke()}, {@link #sync()} and
 * {@link #close()} act on all of them in parallel and complete when all have.
 */
public final class CompositeEventStore implements EventStore {

    private static final int IMPORT_CONCURRENCY = 16;

    private final List<EventStore> stores;
    private final MemberStores members;
    private final StoreGuard guard;

    private CompositeEventStore(List<EventStore> stores) {
        if (stores.isEmpty()) {
            throw new IllegalArgumentException("stores: at least one store is needed");
        }
        this.stores = List.copyOf(stores);
        this.members = new MemberStores("composite store", this.stores);
        this.guard = members.guard();
    }

    /**
     * A composite of {@code stores}; the first is the one whose answer counts in a tie (see the class description).
     *
     * @param stores the stores
     * @return a composite of {@code stores}; the first is the one whose answer counts in a tie (see the class description)
     */
    public static CompositeEventStore of(List<? extends EventStore> stores) {
        Objects.requireNonNull(stores, "stores");
        return new CompositeEventStore(List.copyOf(stores));
    }

    /**
     * A composite of {@code stores}.
     *
     * @param stores the stores
     * @return a composite of {@code stores}
     */
    public static CompositeEventStore of(EventStore... stores) {
        return of(List.of(stores));
    }

    @Override
    public Mono<SaveResult> save(Event event) {
        Objects.requireNonNull(event, "event");
        return guard.mono(() -> Flux.fromIterable(stores)
                .flatMapSequential(store -> store.save(event))
                .collectList()
                .map(CompositeEventStore::combine));
    }

    static SaveResult combine(List<SaveResult> results) {
        for (SaveResult preferred : List.of(SaveResult.REPLACED, SaveResult.SAVED, SaveResult.DUPLICATE)) {
            if (results.contains(preferred)) {
                return preferred;
            }
        }
        return results.get(0);
    }

    /**
     * {@inheritDoc}
     *
     * @return whether every member supports search
     */
    @Override
    public boolean supportsSearch() {
        return stores.stream().allMatch(EventStore::supportsSearch);
    }

    @Override
    public Flux<Event> query(List<Filter> filters) {
        Objects.requireNonNull(filters, "filters");
        return guard.flux(() -> {
            if (!supportsSearch()) {
                SearchNotSupportedException.refuseSearch(filters, "composite store (a member does not support it)");
            }
            return FilterMerge.mergeOnce(filters,
                    live -> stores.stream().map(s -> s.query(live)).toList());
        });
    }

    @Override
    public Mono<Long> count(List<Filter> filters) {
        return query(filters).count();
    }

    /** Deletes on every member in parallel; {@code true} if any member removed the event. */
    @Override
    public Mono<Boolean> delete(Deletion deletion) {
        Objects.requireNonNull(deletion, "deletion");
        return guard.mono(() -> Flux.fromIterable(stores).flatMap(s -> s.delete(deletion))
                .reduce(false, Boolean::logicalOr));
    }

    /**
     * Every event of every member once: the members' newest-first streams merged and deduplicated by id,
     * in constant memory. Two versions of one replaceable address held by different members are both
     * exported; importing them keeps the newer.
     */
    @Override
    public Flux<Event> export() {
        return guard.flux(() -> mergeExports(stores.stream().map(s -> s.query(Filter.ALL)).toList()));
    }

    /**
     * The members' {@code export(pubkeys)} answers merged like {@link #export()}: newest first, each id once,
     * both versions of an address kept when members diverge.
     */
    @Override
    public Flux<Event> export(Set<String> pubkeys) {
        Set<String> keys = Set.copyOf(pubkeys);
        return guard.flux(() -> mergeExports(stores.stream().map(s -> s.export(keys)).toList()));
    }

    private static Flux<Event> mergeExports(List<Flux<Event>> sources) {
        @SuppressWarnings("unchecked")
        Flux<Event>[] array = sources.toArray(Flux[]::new);
        return Flux.mergeComparing(EventOrder.NEWEST_FIRST, array).distinctUntilChanged(Event::id);
    }

    /**
     * Saves each event to every member (as {@link #save}), {@value #IMPORT_CONCURRENCY} events at a
     * time, requesting more as saves complete.
     *
     * @return how many events were {@code SAVED} or {@code REPLACED} by the composite's rule
     */
    @Override
    public Mono<Long> importEvents(Flux<Event> events) {
        Objects.requireNonNull(events, "events");
        return guard.mono(() -> events.flatMap(this::save, IMPORT_CONCURRENCY)
                .filter(r -> r == SaveResult.SAVED || r == SaveResult.REPLACED)
                .count());
    }

    @Override
    public Mono<Void> nuke() {
        return members.nuke();
    }

    @Override
    public Mono<Void> sync() {
        return members.sync();
    }

    @Override
    public Mono<Void> close() {
        return members.close();
    }
}
