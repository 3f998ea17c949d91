package io.reactivestore.store.layered;

import io.reactivestore.internal.Hex;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which L2 hits are promoted into L1 when promotion waits for a second miss
 * ({@link LayeredEventStore.Builder#promoteOnSecondMiss}): the "doorkeeper" of TinyLFU. A miss of an id
 * not yet remembered only remembers it; a miss of a remembered id is promoted. After {@code window}
 * remembered misses everything is forgotten, so that old misses stop counting.
 *
 * <p>Approximate and fixed in size: each id sets two bits, taken from the first 16 hex digits of the
 * id (a SHA-256, so uniform), in an array of at least 8 bits per id of the window; an id whose two bits
 * other ids happened to set is promoted on its first miss (rarely: under 3% of ids when the window is
 * full). Lock-free and thread-safe; concurrent misses of one id may both be taken as first.
 */
final class SecondMissFilter {

    private final AtomicLongArray bits;
    private final long mask;
    private final int window;
    private final AtomicInteger remembered = new AtomicInteger();

    /** A filter forgetting after {@code window} (positive) remembered misses. */
    SecondMissFilter(int window) {
        if (window <= 0) {
            throw new IllegalArgumentException("window: must be positive, got " + window);
        }
        long wanted = Math.max(64, Long.highestOneBit((long) window * 8 - 1) << 1);
        this.bits = new AtomicLongArray((int) (wanted / 64));
        this.mask = wanted - 1;
        this.window = window;
    }

    /** Whether the miss of {@code id} (64 hex digits) should promote it; remembers it if not. */
    boolean promote(String id) {
        long hash = Hex.leadingDigits(id, 16);
        long first = hash & mask;
        long second = (hash >>> 32) & mask;
        if (isSet(first) && isSet(second)) {
            return true;
        }
        set(first);
        set(second);
        if (remembered.incrementAndGet() >= window) {
            forget();
        }
        return false;
    }

    private boolean isSet(long bit) {
        return (bits.get((int) (bit >>> 6)) & (1L << bit)) != 0;
    }

    private void set(long bit) {
        bits.getAndUpdate((int) (bit >>> 6), word -> word | (1L << bit));
    }

    private void forget() {
        remembered.set(0);
        for (int i = 0; i < bits.length(); i++) {
            bits.set(i, 0);
        }
    }
}
