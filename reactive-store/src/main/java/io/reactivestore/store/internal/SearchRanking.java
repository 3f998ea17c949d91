package io.reactivestore.store.internal;

import io.reactivestore.event.Event;
import io.reactivestore.event.EventOrder;
import io.reactivestore.event.SearchTerms;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Picks a limited search filter's best-ranked matches in Java: the highest {@link SearchTerms#score}, ties
 * newest first (then lowest id). Used where the ranking cannot be left to a database: the in-memory store,
 * and decorators re-ranking their members' candidates.
 */
public final class SearchRanking {

    private SearchRanking() {
    }

    /**
     * The best {@code limit} of {@code matches} by rank, returned newest first (the order of every query).
     * Holds at most {@code limit} events at a time (a heap), whatever the number of matches; reads
     * {@code matches} to the end.
     *
     * @param matches events that match the search, in any order
     * @param terms the search
     * @param limit the most events kept, not negative
     * @return the kept events, newest first
     */
    public static List<Event> best(Iterator<Event> matches, SearchTerms terms, int limit) {
        if (limit == 0) {
            return List.of();
        }
        // the heap's head is the worst kept: lowest score, then oldest
        Comparator<Scored> worstFirst = Comparator.<Scored>comparingInt(s -> s.score)
                .thenComparing((a, b) -> EventOrder.NEWEST_FIRST.compare(b.event, a.event));
        PriorityQueue<Scored> kept = new PriorityQueue<>(Math.min(limit, 1024), worstFirst);
        while (matches.hasNext()) {
            Event e = matches.next();
            Scored s = new Scored(e, terms.score(e.content()));
            if (kept.size() < limit) {
                kept.add(s);
            } else if (worstFirst.compare(s, kept.peek()) > 0) {
                kept.poll();
                kept.add(s);
            }
        }
        List<Event> out = new ArrayList<>(kept.size());
        for (Scored s : kept) {
            out.add(s.event);
        }
        out.sort(EventOrder.NEWEST_FIRST);
        return out;
    }

    private record Scored(Event event, int score) {
    }
}
