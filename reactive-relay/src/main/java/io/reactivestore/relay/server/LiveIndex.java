package io.reactivestore.relay.server;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open subscription of the relay, indexed so that a new event meets only the filters that could
 * match it: each filter is filed under one of its conditions (ids, else authors, else its first tag
 * condition, else kinds, else "any event"), and an event looks up its own id, author, kind and tag
 * values. The cost of one event is the number of filters filed under its keys, not the number of
 * subscriptions. Every candidate is checked with {@link Filter#matches}, so all filter fields apply.
 *
 * <p>Thread-safe and lock-free for readers; adding and removing one filter are atomic per key, and
 * empty keys are dropped.
 */
final class LiveIndex {

    /** One filter of one subscription. */
    private record Entry(Filter filter, LiveSubscription subscription) {
    }

    private final ConcurrentHashMap<String, Set<Entry>> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Entry>> byAuthor = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Set<Entry>> byKind = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Entry>> byTag = new ConcurrentHashMap<>();
    private final Set<Entry> any = ConcurrentHashMap.newKeySet();

    /** Files every filter of {@code subscription}. */
    void add(LiveSubscription subscription) {
        for (Filter filter : subscription.filters()) {
            file(new Entry(filter, subscription), true);
        }
    }

    /** Removes every filter of {@code subscription}. */
    void remove(LiveSubscription subscription) {
        for (Filter filter : subscription.filters()) {
            file(new Entry(filter, subscription), false);
        }
    }

    private void file(Entry entry, boolean add) {
        Filter f = entry.filter();
        if (f.ids() != null) {
            f.ids().forEach(id -> update(byId, id, entry, add));
        } else if (f.authors() != null) {
            f.authors().forEach(author -> update(byAuthor, author, entry, add));
        } else if (!f.tags().isEmpty()) {
            Map.Entry<String, Set<String>> first = f.tags().entrySet().iterator().next();
            first.getValue().forEach(value -> update(byTag, tagKey(first.getKey(), value), entry, add));
        } else if (f.kinds() != null) {
            f.kinds().forEach(kind -> update(byKind, kind, entry, add));
        } else if (add) {
            any.add(entry);
        } else {
            any.remove(entry);
        }
    }

    private static <K> void update(ConcurrentHashMap<K, Set<Entry>> map, K key, Entry entry, boolean add) {
        if (add) {
            map.compute(key, (k, set) -> {
                Set<Entry> entries = set != null ? set : ConcurrentHashMap.newKeySet();
                entries.add(entry);
                return entries;
            });
        } else {
            map.computeIfPresent(key, (k, set) -> {
                set.remove(entry);
                return set.isEmpty() ? null : set;
            });
        }
    }

    private static String tagKey(String name, String value) {
        return name + '\u0000' + value;
    }

    /** The subscriptions with at least one filter matching {@code event}, each once. */
    Set<LiveSubscription> matching(Event event) {
        Set<LiveSubscription> hits = new HashSet<>();
        collect(byId.get(event.id()), event, hits);
        collect(byAuthor.get(event.pubkey()), event, hits);
        collect(byKind.get(event.kind()), event, hits);
        if (!byTag.isEmpty()) {
            event.forEachIndexedTag((name, value) -> collect(byTag.get(tagKey(name, value)), event, hits));
        }
        collect(any, event, hits);
        return hits;
    }

    private static void collect(Set<Entry> entries, Event event, Set<LiveSubscription> hits) {
        if (entries == null) {
            return;
        }
        for (Entry entry : entries) {
            if (entry.subscription().isActive() && entry.filter().matches(event)) {
                hits.add(entry.subscription());
            }
        }
    }
}
