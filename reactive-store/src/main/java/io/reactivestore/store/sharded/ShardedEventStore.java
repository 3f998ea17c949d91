package io.reactivestore.store.sharded;

import io.reactivestore.event.Event;
import io.reactivestore.event.EventOrder;
import io.reactivestore.event.Filter;
import io.reactivestore.store.internal.EventStreams;
import io.reactivestore.store.internal.FilterMerge;
import io.reactivestore.store.internal.MemberStores;
import io.reactivestore.store.internal.SearchRanking;
import io.reactivestore.store.internal.StoreGuard;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.SearchNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Events split over several stores ("shards"), used as one {@link EventStore}.
 *
 * <p><b>Routing.</b> Each event is saved to exactly one shard: the first, in declaration order, that
 * takes it ({@link Builder#kinds}, {@link Builder#predicate}), else the default shard
 * ({@link Builder#otherwise}). Routing must send every version of one replaceable address to the same
 * shard, or replacement cannot work: routing by kind always does; a general predicate should depend only
 * on kind, pubkey and {@code d} tag.
 *
 * <p><b>Queries.</b> A filter naming kinds is sent only to the shards that may hold one of them, with its
 * kinds narrowed to those; a filter without kinds goes to every shard. The answers are merged newest
 * first, without duplicates, each filter's limit applied to the merged answer, as one store holding every
 * shard's events would answer; each shard gets at most one query per call. {@link #count} adds the shards' own counts when no filter has a limit
 * (shards are disjoint, so nothing is counted twice); with limits it counts the merged query.
 *
 * <p><b>Deletion</b> does not know the shard of an id: it is sent to every shard in parallel, so every
 * shard keeps the tombstone. {@link #export()} concatenates the shards' exports; {@link #importEvents}
 * routes each event like {@link #save} and feeds each shard's own import. The sharded store owns its
 * shards: {@link #nuke()}, {@link #sync()} and {@link #close()} act on all of them in parallel.
 */
public final class ShardedEventStore implements EventStore {

    private final List<Shard> shards;
    private final List<Shard> all;
    private final MemberStores members;
    private final StoreGuard guard;

    private ShardedEventStore(List<Shard> shards, EventStore fallback) {
        this.shards = List.copyOf(shards);
        List<Shard> everything = new ArrayList<>(this.shards);
        everything.add(Shard.byKind(fallback, kind -> holdsUnclaimedKind(this.shards, kind)));
        this.all = List.copyOf(everything);
        this.members = new MemberStores("sharded store", all.stream().map(Shard::store).toList());
        this.guard = members.guard();
    }

    /** The default shard may hold a kind unless some kind-routed shard takes every event of that kind. */
    private static boolean holdsUnclaimedKind(List<Shard> shards, int kind) {
        for (Shard shard : shards) {
            if (shard.holdsKind().test(kind) && takesWholeKind(shard)) {
                return false;
            }
        }
        return true;
    }

    private static boolean takesWholeKind(Shard shard) {
        return !(shard.holdsKind() instanceof AnyKind);
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    int shardOf(Event event) {
        for (int i = 0; i < shards.size(); i++) {
            if (shards.get(i).takes().test(event)) {
                return i;
            }
        }
        return shards.size();
    }

    @Override
    public Mono<SaveResult> save(Event event) {
        Objects.requireNonNull(event, "event");
        return guard.mono(() -> all.get(shardOf(event)).store().save(event));
    }

    /**
     * {@inheritDoc}
     *
     * @return whether every member supports search
     */
    @Override
    public boolean supportsSearch() {
        return all.stream().map(Shard::store).allMatch(EventStore::supportsSearch);
    }

    @Override
    public Flux<Event> query(List<Filter> filters) {
        Objects.requireNonNull(filters, "filters");
        return guard.flux(() -> {
            searchable(filters);
            return FilterMerge.mergeOnce(filters, this::queryShards);
        });
    }

    /** A {@link SearchNotSupportedException} if {@code filters} search and a shard cannot. */
    private void searchable(List<Filter> filters) {
        if (!supportsSearch()) {
            SearchNotSupportedException.refuseSearch(filters, "sharded store (a shard does not support it)");
        }
    }

    /**
     * Each shard's answer to {@code group}, narrowed to the kinds the shard holds (shards that hold none are
     * not asked), in the order {@code group} calls for. Narrowing can drop a query's plain filters and leave
     * one search, which a shard answers best first: such an answer is collected and sorted newest first (every
     * match of those filters, which have no limit: a limited search filter is never asked with plain ones).
     */
    private List<Flux<Event>> queryShards(List<Filter> group) {
        boolean newestFirst = SearchRanking.rankedBy(group) == null;
        List<Flux<Event>> answers = new ArrayList<>();
        for (Shard shard : all) {
            List<Filter> narrowed = narrow(shard, group);
            if (narrowed.isEmpty()) {
                continue;
            }
            Flux<Event> answer = shard.store().query(narrowed);
            if (newestFirst && SearchRanking.rankedBy(narrowed) != null) {
                answer = answer.collectSortedList(EventOrder.NEWEST_FIRST).flatMapIterable(sorted -> sorted);
            }
            answers.add(answer);
        }
        return answers;
    }

    private static List<Filter> narrow(Shard shard, List<Filter> filters) {
        List<Filter> narrowed = new ArrayList<>(filters.size());
        for (Filter filter : filters) {
            Filter f = shard.narrow(filter);
            if (f != null) {
                narrowed.add(f);
            }
        }
        return narrowed;
    }

    @Override
    public Mono<Long> count(List<Filter> filters) {
        Objects.requireNonNull(filters, "filters");
        if (filters.stream().anyMatch(f -> f.limit() != null) || Filter.anySearch(filters)) {
            return query(filters).count();
        }
        return guard.mono(() -> Flux.fromIterable(all)
                .flatMap(shard -> {
                    List<Filter> narrowed = narrow(shard, filters);
                    return narrowed.isEmpty() ? Mono.just(0L) : shard.store().count(narrowed);
                })
                .reduce(0L, Long::sum));
    }

    /** Deletes on every shard in parallel; {@code true} if one removed the event. */
    @Override
    public Mono<Boolean> delete(Deletion deletion) {
        Objects.requireNonNull(deletion, "deletion");
        return guard.mono(() -> Flux.fromIterable(all).flatMap(s -> s.store().delete(deletion))
                .reduce(false, Boolean::logicalOr));
    }

    @Override
    public Flux<Event> export() {
        return guard.flux(() -> Flux.fromIterable(all).concatMap(s -> s.store().export()));
    }

    /** The shards' own {@code export(pubkeys)} answers merged newest first (shards are disjoint). */
    @Override
    public Flux<Event> export(Set<String> pubkeys) {
        Set<String> keys = Set.copyOf(pubkeys);
        return guard.flux(() -> EventStreams.mergeNewestFirst(all.stream().map(s -> s.store().export(keys)).toList()));
    }

    /**
     * Routes each event to its shard and feeds each shard's own {@link EventStore#importEvents}, all
     * shards concurrently; events are requested as the shards consume them (each shard's group buffers
     * at most a small prefetch).
     */
    @Override
    public Mono<Long> importEvents(Flux<Event> events) {
        Objects.requireNonNull(events, "events");
        return guard.mono(() -> events.groupBy(this::shardOf)
                .flatMap(group -> all.get(group.key()).store().importEvents(group), all.size())
                .reduce(0L, Long::sum));
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

    /** Marks the kind test of a predicate-routed shard: it may hold any kind, but not every event of one. */
    private static final class AnyKind implements IntPredicate {
        static final AnyKind INSTANCE = new AnyKind();

        @Override
        public boolean test(int kind) {
            return true;
        }
    }

    /** Declares the shards in routing order; {@link #build()} needs a default shard. Not thread-safe. */
    public static final class Builder {
        private final List<Shard> shards = new ArrayList<>();
        private @Nullable EventStore fallback;

        private Builder() {
        }

        /**
         * Routes events of the kinds {@code kinds} accepts to {@code store}.
         *
         * @param store the event store
         * @param kinds event kinds (0-65535)
         * @return this builder
         */
        public Builder kinds(EventStore store, IntPredicate kinds) {
            shards.add(Shard.byKind(Objects.requireNonNull(store, "store"), Objects.requireNonNull(kinds, "kinds")));
            return this;
        }

        /**
         * Routes events of the listed kinds to {@code store}.
         *
         * @param store the event store
         * @param kinds event kinds (0-65535)
         * @return this builder
         */
        public Builder kinds(EventStore store, Integer... kinds) {
            Set<Integer> set = Set.of(kinds);
            return kinds(store, set::contains);
        }

        /**
         * Routes events {@code predicate} accepts to {@code store}; since any kind may be there, every
         * query is sent to it.
         *
         * @param store the event store
         * @param predicate the condition
         * @return this builder
         */
        public Builder predicate(EventStore store, Predicate<Event> predicate) {
            Objects.requireNonNull(predicate, "predicate");
            shards.add(new Shard(Objects.requireNonNull(store, "store"), predicate, AnyKind.INSTANCE));
            return this;
        }

        /**
         * The shard for events no other shard takes.
         *
         * @param store the event store
         * @return this builder
         */
        public Builder otherwise(EventStore store) {
            this.fallback = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Builds the store from this builder's settings.
         *
         * @return a new {@link ShardedEventStore}
         * @throws IllegalStateException without a default shard
         */
        public ShardedEventStore build() {
            if (fallback == null) {
                throw new IllegalStateException("otherwise: a default shard is needed for events no shard takes");
            }
            return new ShardedEventStore(shards, fallback);
        }
    }
}
