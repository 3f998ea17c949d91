package io.reactivestore.relay.server;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Every open subscription of the relay, indexed so that a new event meets only the filters that could
 * match it: each filter is filed under one of its conditions (ids, else authors, else its
 * {@linkplain Filter#indexTag() index tag}, the rule every store's planner shares, else kinds, else
 * "any event"), and an event looks up its own id, author, kind and tag values. The cost of one event
 * is the number of filters filed under its keys, not the number of subscriptions. Every candidate is checked with {@link Filter#matches}, so all filter fields apply.
 *
 * <p>Thread-safe and lock-free for readers; adding and removing one filter are atomic per key, and
 * empty keys are dropped.
 */
final class LiveIndex {

    /**
     * One filter of one subscription. Equal only to itself as filed (the same filter instance of the same
     * subscription): filing and unfiling a REQ hashes no filter contents.
     */
    private record Entry(Filter filter, LiveSubscription subscription) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.filter == filter && e.subscription == subscription;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(filter) * 31 + System.identityHashCode(subscription);
        }
    }

    /**
     * Entries per key are kept in an array, copied on change, while there are at most this many: most keys
     * (an author, an id, a tag value) have a few subscriptions, and a REQ that ends at EOSE then costs an
     * array of one, not a concurrent set. Beyond it a key holds a concurrent set, so adding to a hot key is
     * not a copy of all its entries.
     */
    static final int SMALL = 8;
    private static final String ANY = "";

    /** Values are {@code Entry[]} (at most {@link #SMALL}) or a concurrent {@code Set<Entry>}. */
    private final ConcurrentHashMap<String, Object> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> byAuthor = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Object> byKind = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> byTag = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> any = new ConcurrentHashMap<>();

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
            for (String id : f.ids()) {
                update(byId, id, entry, add);
            }
        } else if (f.authors() != null) {
            for (String author : f.authors()) {
                update(byAuthor, author, entry, add);
            }
        } else if (!f.tags().isEmpty()) {
            String letter = Objects.requireNonNull(f.indexTag(), "a filter with tags has an index tag");
            for (String value : Objects.requireNonNull(f.tags().get(letter), letter)) {
                update(byTag, tagKey(letter, value), entry, add);
            }
        } else if (f.kinds() != null) {
            for (Integer kind : f.kinds()) {
                update(byKind, kind, entry, add);
            }
        } else {
            update(any, ANY, entry, add);
        }
    }

    private static <K> void update(ConcurrentHashMap<K, Object> map, K key, Entry entry, boolean add) {
        if (add) {
            map.compute(key, (k, entries) -> plus(entries, entry));
        } else {
            map.computeIfPresent(key, (k, entries) -> minus(entries, entry));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object plus(@Nullable Object entries, Entry entry) {
        if (entries == null) {
            return new Entry[] {entry};
        }
        if (entries instanceof Entry[] array) {
            if (array.length < SMALL) {
                Entry[] grown = Arrays.copyOf(array, array.length + 1);
                grown[array.length] = entry;
                return grown;
            }
            Set<Entry> set = ConcurrentHashMap.newKeySet();
            set.addAll(Arrays.asList(array));
            set.add(entry);
            return set;
        }
        ((Set<Entry>) entries).add(entry);
        return entries;
    }

    /** {@code entries} without {@code entry}, or {@code null} when none is left (the key is dropped). */
    @SuppressWarnings("unchecked")
    private static @Nullable Object minus(Object entries, Entry entry) {
        if (entries instanceof Entry[] array) {
            int at = Arrays.asList(array).indexOf(entry);
            if (at < 0) {
                return array;
            }
            if (array.length == 1) {
                return null;
            }
            Entry[] shrunk = new Entry[array.length - 1];
            System.arraycopy(array, 0, shrunk, 0, at);
            System.arraycopy(array, at + 1, shrunk, at, array.length - at - 1);
            return shrunk;
        }
        Set<Entry> set = (Set<Entry>) entries;
        set.remove(entry);
        return set.isEmpty() ? null : set;
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
        collect(any.get(ANY), event, hits);
        return hits;
    }

    @SuppressWarnings("unchecked")
    private static void collect(@Nullable Object entries, Event event, Set<LiveSubscription> hits) {
        if (entries == null) {
            return;
        }
        if (entries instanceof Entry[] array) {
            for (Entry entry : array) {
                collect(entry, event, hits);
            }
        } else {
            for (Entry entry : (Set<Entry>) entries) {
                collect(entry, event, hits);
            }
        }
    }

    private static void collect(Entry entry, Event event, Set<LiveSubscription> hits) {
        if (entry.subscription().isActive() && entry.filter().matches(event)) {
            hits.add(entry.subscription());
        }
    }
}
