package io.reactivestore.store.memory;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.SearchTerms;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import io.reactivestore.store.internal.SearchRanking;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * The indexes of {@link MemoryEventStore}: events by id, and newest-first ordered key sets over all
 * events, by author, by kind and by single-letter tag value. Reads are lock-free and weakly
 * consistent: a query that runs while an event is removed may still return it, as if it ran just
 * before. Mutations come from one writer at a time ({@link MemoryEventStore} serializes them).
 */
final class MemoryIndex {

    private final Map<String, Event> byId = new ConcurrentHashMap<>();
    private final NavigableSet<EventKey> all = new ConcurrentSkipListSet<>();
    private final Map<String, NavigableSet<EventKey>> byAuthor = new ConcurrentHashMap<>();
    private final Map<Integer, NavigableSet<EventKey>> byKind = new ConcurrentHashMap<>();
    private final Map<String, NavigableSet<EventKey>> byTag = new ConcurrentHashMap<>();

    @Nullable Event get(String id) {
        return byId.get(id);
    }

    int size() {
        return byId.size();
    }

    void add(Event event) {
        EventKey key = EventKey.of(event);
        byId.put(event.id(), event);
        all.add(key);
        byAuthor.computeIfAbsent(event.pubkey(), k -> new ConcurrentSkipListSet<>()).add(key);
        byKind.computeIfAbsent(event.kind(), k -> new ConcurrentSkipListSet<>()).add(key);
        for (String tagKey : tagKeys(event)) {
            byTag.computeIfAbsent(tagKey, k -> new ConcurrentSkipListSet<>()).add(key);
        }
    }

    /** Removes from the ordered sets first and from {@code byId} last. */
    void remove(Event event) {
        EventKey key = EventKey.of(event);
        removeFrom(byAuthor, event.pubkey(), key);
        removeFrom(byKind, event.kind(), key);
        for (String tagKey : tagKeys(event)) {
            removeFrom(byTag, tagKey, key);
        }
        all.remove(key);
        byId.remove(event.id());
    }

    void clear() {
        all.clear();
        byAuthor.clear();
        byKind.clear();
        byTag.clear();
        byId.clear();
    }

    private static <K> void removeFrom(Map<K, NavigableSet<EventKey>> index, K indexKey, EventKey key) {
        NavigableSet<EventKey> set = index.get(indexKey);
        if (set != null) {
            set.remove(key);
        }
    }

    private static Set<String> tagKeys(Event event) {
        Set<String> keys = new java.util.HashSet<>();
        event.forEachIndexedTag((letter, value) -> keys.add(tagKey(letter, value)));
        return keys;
    }

    private static String tagKey(String letter, String value) {
        return letter + ':' + value;
    }

    /**
     * The events matching {@code filter}, newest first, at most {@code limit}, computed as they are read.
     * Uses the most selective index the filter names, in this order of preference: ids, authors, its
     * {@linkplain Filter#indexTag() index tag}, kinds; else all events. A search filter's matches come best
     * first instead ({@link #search}).
     */
    Iterator<Event> query(Filter filter) {
        if (filter.search() != null) {
            return SearchRanking.events(search(filter, Objects.requireNonNull(filter.searchTerms(), "search"))).iterator();
        }
        int limit = filter.limit() == null ? Integer.MAX_VALUE : filter.limit();
        if (filter.ids() != null) {
            List<Event> found = new ArrayList<>(filter.ids().size());
            for (String id : filter.ids()) {
                Event e = byId.get(id);
                if (e != null && filter.matches(e)) {
                    found.add(e);
                }
            }
            found.sort(io.reactivestore.event.EventOrder.NEWEST_FIRST);
            return (found.size() > limit ? found.subList(0, limit) : found).iterator();
        }
        return new Matching(keys(candidateSets(filter), filter), residual(filter), limit);
    }

    /**
     * A search filter's matches, best first ({@link SearchRanking#BEST_FIRST}), at most its limit. There is no
     * word index: the candidates of the filter's other conditions (all events if it has none) are scanned,
     * each content tokenized once ({@link SearchTerms#matchScore}). Holds at most {@code limit} matches at a
     * time, or every match for a filter without a limit.
     *
     * @param filter a filter with a search
     * @param terms its parsed search
     * @return its best matches with their scores, best first
     */
    List<SearchRanking.Scored> search(Filter filter, SearchTerms terms) {
        Filter others = new Filter(filter.ids(), filter.authors(), filter.kinds(), filter.tags(), filter.since(),
                filter.until(), null);
        Iterator<Event> candidates = query(others);
        Iterator<SearchRanking.Scored> matches = new Iterator<>() {
            private SearchRanking.@Nullable Scored next;

            @Override
            public boolean hasNext() {
                while (next == null && candidates.hasNext()) {
                    Event e = candidates.next();
                    int score = terms.matchScore(e.content());
                    if (score > 0) {
                        next = new SearchRanking.Scored(e, score);
                    }
                }
                return next != null;
            }

            @Override
            public SearchRanking.Scored next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                SearchRanking.Scored s = Objects.requireNonNull(next, "hasNext found one");
                next = null;
                return s;
            }
        };
        return SearchRanking.best(matches, filter.limit() == null ? Integer.MAX_VALUE : filter.limit());
    }

    /**
     * What an event found through {@link #candidateSets} and {@link #window} must still be checked for: the
     * filter without the condition of the index it was found in and without since/until (the window holds
     * exactly those). {@code null} when nothing is left to check, as for {@code {authors:[a], limit:n}}: then
     * no candidate's fields are read at all. Mirrors the order of preference of {@link #candidateSets}.
     */
    private static @Nullable Filter residual(Filter filter) {
        Set<String> authors = filter.authors();
        Set<Integer> kinds = filter.kinds();
        Map<String, Set<String>> tags = filter.tags();
        if (authors != null) {
            authors = null;
        } else if (!tags.isEmpty()) {
            Map<String, Set<String>> rest = new java.util.LinkedHashMap<>(tags);
            rest.remove(filter.indexTag()); // the tag candidateSets looked up
            tags = rest;
        } else if (kinds != null) {
            kinds = null;
        }
        if (authors == null && kinds == null && tags.isEmpty()) {
            return null;
        }
        return new Filter(null, authors, kinds, tags, null, null, null);
    }

    /** The events of keys in newest-first order that match a residual filter ({@code null}: any), up to a limit. */
    private static final class Matching implements Iterator<Event> {

        private final Iterator<EventKey> keys;
        private final @Nullable Filter filter;
        private int left;
        private @Nullable Event next;

        Matching(Iterator<EventKey> keys, @Nullable Filter filter, int limit) {
            this.keys = keys;
            this.filter = filter;
            this.left = limit;
        }

        @Override
        public boolean hasNext() {
            while (next == null && left > 0 && keys.hasNext()) {
                Event candidate = Objects.requireNonNull(keys.next().event(), "an indexed key holds its event");
                if (filter == null || filter.matches(candidate)) {
                    next = candidate;
                    left--;
                }
            }
            return next != null;
        }

        @Override
        public Event next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Event result = Objects.requireNonNull(next, "hasNext() found one");
            next = null;
            return result;
        }
    }

    private List<NavigableSet<EventKey>> candidateSets(Filter filter) {
        if (filter.authors() != null) {
            return lookup(byAuthor, filter.authors());
        }
        String letter = filter.indexTag();
        if (letter != null) {
            Set<String> values = Objects.requireNonNull(filter.tags().get(letter), letter);
            List<String> keys = new ArrayList<>(values.size());
            for (String value : values) {
                keys.add(tagKey(letter, value));
            }
            return lookup(byTag, keys);
        }
        if (filter.kinds() != null) {
            return lookup(byKind, filter.kinds());
        }
        return List.of(all);
    }

    private static <K> List<NavigableSet<EventKey>> lookup(Map<K, NavigableSet<EventKey>> index, Collection<K> keys) {
        List<NavigableSet<EventKey>> sets = new ArrayList<>(keys.size());
        for (K key : keys) {
            NavigableSet<EventKey> set = index.get(key);
            if (set != null) {
                sets.add(set);
            }
        }
        return sets;
    }

    /** Keys of the candidate sets within since/until, newest first, each once. */
    private static Iterator<EventKey> keys(List<NavigableSet<EventKey>> sets, Filter filter) {
        if (sets.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        List<Iterator<EventKey>> sources = new ArrayList<>(sets.size());
        for (NavigableSet<EventKey> set : sets) {
            sources.add(window(set, filter).iterator());
        }
        return MergedIterator.of(sources, Comparator.<EventKey>naturalOrder());
    }

    private static NavigableSet<EventKey> window(NavigableSet<EventKey> set, Filter filter) {
        if (filter.until() != null && filter.since() != null) {
            if (filter.since() > filter.until()) {
                return new java.util.TreeSet<>();
            }
            return set.subSet(EventKey.firstAt(filter.until()), true, EventKey.afterAll(filter.since()), false);
        }
        if (filter.until() != null) {
            return set.tailSet(EventKey.firstAt(filter.until()), true);
        }
        if (filter.since() != null) {
            return set.headSet(EventKey.afterAll(filter.since()), false);
        }
        return set;
    }

    /** Every event, newest first. */
    Flux<Event> allEvents() {
        return Flux.fromIterable(all).map(EventKey::event);
    }
}
