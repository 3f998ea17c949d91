package io.reactivestore.internal;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Answers a list of filters from several sources (the levels of a layered store, the members of a
 * composite or sharded store) as one store holding the union of the sources would.
 *
 * <p>Each source answers a filter with its own newest {@code limit} matches, which is not the newest
 * {@code limit} of the union; so filters with a limit are asked one by one and the limit is applied
 * again to the merged answer. Filters without a limit are asked together in one group. Filters that
 * cannot match ({@link Filter#canMatch()}) are not asked at all. The per-group answers are merged with
 * {@link EventStreams#mergeNewestFirst}: newest first, no duplicate ids, one version per replaceable
 * address. Streamed with backpressure; cancelling cancels every source query.
 */
public final class FilterMerge {

    private FilterMerge() {
    }

    /**
     * @param filters the query
     * @param groupQuery answers one group of filters newest first (typically merging the sources with
     *     {@link EventStreams#mergeNewestFirst}); the group's limit, if any, is applied to its result here
     */
    public static Flux<Event> mergeByFilter(List<Filter> filters, Function<List<Filter>, Flux<Event>> groupQuery) {
        List<Filter> unlimited = new ArrayList<>();
        List<Flux<Event>> answers = new ArrayList<>();
        for (Filter filter : filters) {
            if (!filter.canMatch()) {
                continue;
            }
            if (filter.limit() == null) {
                unlimited.add(filter);
            } else {
                answers.add(groupQuery.apply(List.of(filter)).take(filter.limit()));
            }
        }
        if (!unlimited.isEmpty()) {
            answers.add(groupQuery.apply(List.copyOf(unlimited)));
        }
        return EventStreams.mergeNewestFirst(answers);
    }
}
