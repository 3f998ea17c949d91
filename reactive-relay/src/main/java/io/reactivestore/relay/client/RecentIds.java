package io.reactivestore.relay.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent {@code capacity} event ids seen, oldest evicted first. Not thread-safe: the owning
 * subscription guards it.
 */
final class RecentIds {

    private final Map<String, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers {@code id}; false if it was already remembered. */
    boolean add(String id) {
        return ids.put(id, Boolean.TRUE) == null;
    }
}
