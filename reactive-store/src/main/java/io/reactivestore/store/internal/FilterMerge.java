package io.reactivestore.store.internal;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Answers a list of filters from several sources (the levels of a layered store, the members of a
 * composite or sharded store) as one store holding the union of the sources would, asking each source
 * ONE query per request, whatever the number of filters.
 *
 * <p>Each source answers the whole list with, per filter, its own newest {@code limit} matches. The
 * union's newest {@code limit} matches of a filter are among them (an event ranks no lower in the source
 * holding it than in the union), but so are older matches that another source outranks; so the merged
 * answer is trimmed again ({@link #trimToLimits}): walking it newest first, an event is kept while some
 * filter it matches still has room, and every limited filter it matches counts it. Filters that cannot
 * match ({@link Filter#canMatch()}) are not asked at all. Streamed with backpressure; cancelling cancels
 * every source query; once every filter has a limit and all are used up, the sources are cancelled.
 *
 * <p><b>Search.</b> A search filter with a limit keeps its best-ranked matches, not its newest: each source
 * answers it with its own best {@code limit}, and the union's best {@code limit} are among them. Such a
 * filter is asked on its own (one more query per source for each), its merged candidates (at most
 * {@code limit} per source) are collected and re-ranked in Java ({@link SearchRanking}), and the result is
 * merged newest first with the other filters' answer.
 */
public final class FilterMerge {

    private FilterMerge() {
    }

    /**
     * The answer to {@code filters} from one query of the sources.
     *
     * @param filters the query
     * @param sourcesQuery answers the filters that can match, newest first, merging the sources (typically
     *     with {@link EventStreams#mergeNewestFirst}); called once per subscription, never with an empty list
     * @return the events matching {@code filters}, newest first, each filter's limit applied to the merged answer
     */
    public static Flux<Event> mergeOnce(List<Filter> filters, Function<List<Filter>, Flux<Event>> sourcesQuery) {
        List<Filter> live = matchable(filters);
        if (live.isEmpty()) {
            return Flux.empty();
        }
        List<Filter> plain = new ArrayList<>(live.size());
        List<Flux<Event>> answers = new ArrayList<>();
        for (Filter f : live) {
            if (f.search() != null && f.limit() != null) {
                answers.add(Flux.defer(() -> sourcesQuery.apply(List.of(f))
                        .collectList() // bounded: at most limit events per source
                        .flatMapIterable(candidates ->
                                SearchRanking.best(candidates.iterator(),
                                        Objects.requireNonNull(f.searchTerms(), "search"),
                                        Objects.requireNonNull(f.limit(), "limit")))));
            } else {
                plain.add(f);
            }
        }
        if (answers.isEmpty()) {
            return Flux.defer(() -> trimToLimits(live, sourcesQuery.apply(live)));
        }
        if (!plain.isEmpty()) {
            answers.add(0, Flux.defer(() -> trimToLimits(plain, sourcesQuery.apply(plain))));
        }
        return EventStreams.mergeNewestFirst(answers);
    }

    /**
     * The filters that can match ({@link Filter#canMatch()}), in their order.
     *
     * @param filters the query
     * @return the filters worth asking; empty if none can match
     */
    public static List<Filter> matchable(List<Filter> filters) {
        List<Filter> live = new ArrayList<>(filters.size());
        for (Filter f : filters) {
            if (f.canMatch()) {
                live.add(f);
            }
        }
        return live;
    }

    /**
     * Applies each filter's limit to a merged answer, as described in the class comment.
     *
     * @param filters the filters {@code merged} answers
     * @param merged the union of the sources' answers to {@code filters}, newest first, without duplicates
     * @return {@code merged} without the events no filter with room admits; completes early once every
     *     filter has a limit and all are reached
     */
    public static Flux<Event> trimToLimits(List<Filter> filters, Flux<Event> merged) {
        boolean anyLimit = false;
        for (Filter f : filters) {
            anyLimit |= f.limit() != null;
        }
        if (!anyLimit) {
            return merged;
        }
        if (filters.size() == 1) {
            return merged.take(Objects.requireNonNull(filters.get(0).limit(), "limit"), true);
        }
        return Flux.defer(() -> {
            Room room = new Room(filters);
            return merged.<Event>handle((event, sink) -> {
                if (room.admits(event)) {
                    sink.next(event);
                    if (room.full()) {
                        sink.complete();
                    }
                }
            });
        });
    }

    /** The room each filter has left, for one subscription. Not thread-safe: used in one {@code handle}. */
    private static final class Room {
        private final List<Filter> filters;
        private final long[] left;
        private final boolean anyUnlimited;
        private int limitedWithRoom;

        Room(List<Filter> filters) {
            this.filters = filters;
            this.left = new long[filters.size()];
            boolean unlimited = false;
            for (int i = 0; i < left.length; i++) {
                Integer limit = filters.get(i).limit();
                left[i] = limit == null ? -1 : limit;
                if (limit == null) {
                    unlimited = true;
                } else if (limit > 0) {
                    limitedWithRoom++;
                }
            }
            this.anyUnlimited = unlimited;
        }

        /** Whether {@code event} is kept; counts it against every limited filter with room that it matches. */
        boolean admits(Event event) {
            boolean kept = false;
            for (int i = 0; i < left.length; i++) {
                if (left[i] == 0 || !filters.get(i).matches(event)) {
                    continue;
                }
                kept = true;
                if (left[i] > 0 && --left[i] == 0) {
                    limitedWithRoom--;
                }
            }
            return kept;
        }

        boolean full() {
            return !anyUnlimited && limitedWithRoom == 0;
        }
    }
}
