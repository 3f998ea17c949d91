package io.reactivestore.store.internal;

import io.reactivestore.event.Event;
import io.reactivestore.event.EventOrder;
import io.reactivestore.event.Filter;
import io.reactivestore.event.SearchTerms;
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
 * answer is trimmed again ({@link #trimToLimits}): walking it in order, an event is kept while some
 * filter it matches still has room, and every limited filter it matches counts it. Filters that cannot
 * match ({@link Filter#canMatch()}) are not asked at all. Streamed with backpressure; cancelling cancels
 * every source query; once every filter has a limit and all are used up, the sources are cancelled.
 *
 * <p><b>Search.</b> A query ranked by its search ({@link SearchRanking#rankedBy}: every filter searches for
 * the same terms) is answered best first: each source answers it best first with, per filter, its best
 * {@code limit}, among which are the union's best {@code limit}; the answers are collected (at most the
 * filters' limits per source; every match for a filter without a limit), merged by
 * {@link SearchRanking#rankUnion}, and trimmed to the limits walking best first. In a query answered newest
 * first, each search filter with a limit is asked on its own that way (one more query per source for each)
 * and its best matches are merged newest first with the other filters' answer.
 */
public final class FilterMerge {

    private FilterMerge() {
    }

    /**
     * The answer to {@code filters} from one query of the sources.
     *
     * @param filters the query
     * @param sourcesQuery each source's answer to the filters that can match (in that source's order for
     *     them); called once per subscription (once more per limited search filter of a query answered
     *     newest first), never with an empty list
     * @return the events matching {@code filters}, in the order {@link io.reactivestore.event.SearchTerms}
     *     states (best first for a ranked query, else newest first), each filter's limit applied to the merged
     *     answer
     */
    public static Flux<Event> mergeOnce(List<Filter> filters,
                                        Function<List<Filter>, List<Flux<Event>>> sourcesQuery) {
        List<Filter> live = matchable(filters);
        if (live.isEmpty()) {
            return Flux.empty();
        }
        SearchTerms ranked = SearchRanking.rankedBy(live);
        if (ranked != null) {
            return ranked(live, ranked, sourcesQuery);
        }
        List<Filter> plain = new ArrayList<>(live.size());
        List<Flux<Event>> answers = new ArrayList<>();
        for (Filter f : live) {
            if (f.search() != null && f.limit() != null) {
                answers.add(ranked(List.of(f), Objects.requireNonNull(f.searchTerms(), "search"), sourcesQuery)
                        .collectSortedList(EventOrder.NEWEST_FIRST) // bounded: at most the limit
                        .flatMapIterable(best -> best));
            } else {
                plain.add(f);
            }
        }
        if (answers.isEmpty()) {
            return Flux.defer(() -> trimToLimits(live, EventStreams.mergeNewestFirst(sourcesQuery.apply(live))));
        }
        if (!plain.isEmpty()) {
            answers.add(0, plainAnswer(plain, sourcesQuery));
        }
        return EventStreams.mergeNewestFirst(answers);
    }

    /**
     * The newest-first answer to the filters of a mixed query that are not asked alone. If they happen to
     * form a ranked query themselves (search filters without a limit, one search), the sources answer them
     * best first, so their matches are collected and sorted (every match: they have no limit).
     */
    private static Flux<Event> plainAnswer(List<Filter> plain, Function<List<Filter>, List<Flux<Event>>> sourcesQuery) {
        SearchTerms terms = SearchRanking.rankedBy(plain);
        if (terms != null) {
            return ranked(plain, terms, sourcesQuery).collectSortedList(EventOrder.NEWEST_FIRST)
                    .flatMapIterable(all -> all);
        }
        return Flux.defer(() -> trimToLimits(plain, EventStreams.mergeNewestFirst(sourcesQuery.apply(plain))));
    }

    /** The answer to a query ranked by {@code terms}, best first, as the class comment describes. */
    private static Flux<Event> ranked(List<Filter> group, SearchTerms terms,
                                      Function<List<Filter>, List<Flux<Event>>> sourcesQuery) {
        return Flux.defer(() -> Flux.merge(sourcesQuery.apply(group))
                .collectList()
                .flatMapMany(candidates -> trimToLimits(group,
                        Flux.fromIterable(SearchRanking.rankUnion(candidates, terms)))));
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
     * @param merged the union of the sources' answers to {@code filters}, in the query's order, without
     *     duplicates
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
