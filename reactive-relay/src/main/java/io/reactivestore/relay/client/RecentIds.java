package io.reactivestore.relay.client;

import java.util.Arrays;

/**
 * The most recent {@code capacity} event ids seen, oldest forgotten first, kept as the first 64 bits
 * of each id (a false match needs a 64-bit collision between two real event ids). A ring of
 * primitives that grows from 16 slots as ids arrive: 8 bytes per remembered id, no allocation per
 * event. Not thread-safe: the owning subscription guards it.
 */
final class RecentIds {

    private final int capacity;
    private long[] ring = new long[16];
    private int size;
    private int next;

    RecentIds(int capacity) {
        this.capacity = capacity;
    }

    /** Remembers {@code id} (64 lowercase hex characters); false if it was already remembered. */
    boolean add(String id) {
        long key = Long.parseUnsignedLong(id.substring(0, 16), 16);
        for (int i = 0; i < size; i++) {
            if (ring[i] == key) {
                return false;
            }
        }
        if (size < ring.length) {
            ring[size++] = key;
            return true;
        }
        if (ring.length < capacity) {
            ring = Arrays.copyOf(ring, Math.min(capacity, ring.length * 2));
            ring[size++] = key;
            next = 0;
            return true;
        }
        ring[next] = key;
        next = (next + 1) % ring.length;
        return true;
    }
}
