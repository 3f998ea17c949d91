package io.reactivestore.store.internal;

import io.reactivestore.event.Event;
import io.reactivestore.event.EventOrder;
import io.reactivestore.event.Filter;
import io.reactivestore.event.SearchTerms;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The NIP-50 rank order of {@link SearchTerms} ("best first": score descending, then newest first) computed
 * in Java, and which queries it orders: used where the ranking is not left to a database (the in-memory
 * store, and decorators merging their members' answers). Stateless and thread-safe.
 */
public final class SearchRanking {

    /** Best first: higher score first, then {@link EventOrder#NEWEST_FIRST}. */
    public static final Comparator<Scored> BEST_FIRST = (a, b) -> {
        int byScore = Integer.compare(b.score, a.score);
        return byScore != 0 ? byScore : EventOrder.NEWEST_FIRST.compare(a.event, b.event);
    };

    private SearchRanking() {
    }

    /**
     * An event with its score for one search.
     *
     * @param event the event
     * @param score its {@link SearchTerms#score}
     */
    public record Scored(Event event, int score) {
    }

    /**
     * The terms a query is ranked by (see {@link SearchTerms}, "Rank"): those of its filters when every
     * filter has a search and all have equal terms; {@code null} when the query is answered newest first.
     *
     * @param live the query's filters that can match, not empty
     * @return the shared terms, or {@code null}
     */
    public static @Nullable SearchTerms rankedBy(List<Filter> live) {
        @Nullable SearchTerms shared = null;
        for (Filter f : live) {
            if (f.search() == null) {
                return null;
            }
            SearchTerms terms = Objects.requireNonNull(f.searchTerms());
            if (shared == null) {
                shared = terms;
            } else if (!shared.equals(terms)) {
                return null;
            }
        }
        return shared;
    }

    /**
     * The best {@code limit} of {@code matches}, best first. Holds at most {@code limit} events at a time (a
     * heap), whatever the number of matches; reads {@code matches} to the end.
     *
     * @param matches events that match the search (each scored once), in any order
     * @param limit the most events kept, not negative
     * @return the kept events, best first
     */
    public static List<Scored> best(Iterator<Scored> matches, int limit) {
        if (limit == 0) {
            return List.of();
        }
        // the heap's head is the worst kept
        PriorityQueue<Scored> kept = new PriorityQueue<>(Math.min(limit, 1024), BEST_FIRST.reversed());
        while (matches.hasNext()) {
            Scored s = matches.next();
            if (kept.size() < limit) {
                kept.add(s);
            } else if (BEST_FIRST.compare(s, kept.peek()) < 0) {
                kept.poll();
                kept.add(s);
            }
        }
        List<Scored> out = new ArrayList<>(kept);
        out.sort(BEST_FIRST);
        return out;
    }

    /**
     * The union of several sources' answers to a query ranked by {@code terms}, best first: each id once,
     * and of two versions of one replaceable address only the winning one (newest, then lowest id), as one
     * store holding the union would answer. Each event is scored once.
     *
     * @param candidates the sources' answers, in any order, duplicates allowed; each matches the search
     * @param terms the query's terms ({@link #rankedBy})
     * @return the distinct winning events, best first
     */
    public static List<Event> rankUnion(Collection<Event> candidates, SearchTerms terms) {
        Map<String, Event> winners = new HashMap<>();
        for (Event e : candidates) {
            String address = e.address();
            if (address != null) {
                winners.merge(address, e, (a, b) -> EventOrder.NEWEST_FIRST.compare(a, b) <= 0 ? a : b);
            }
        }
        Set<String> seen = new HashSet<>();
        List<Scored> scored = new ArrayList<>(candidates.size());
        for (Event e : candidates) {
            String address = e.address();
            if ((address == null || winners.get(address) == e) && seen.add(e.id())) {
                scored.add(new Scored(e, terms.score(e.content())));
            }
        }
        scored.sort(BEST_FIRST);
        return events(scored);
    }

    /**
     * The events of scored events, in their order.
     *
     * @param scored scored events
     * @return their events
     */
    public static List<Event> events(List<Scored> scored) {
        List<Event> out = new ArrayList<>(scored.size());
        for (Scored s : scored) {
            out.add(s.event);
        }
        return out;
    }
}
