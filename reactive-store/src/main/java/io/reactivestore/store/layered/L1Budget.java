package io.reactivestore.store.layered;

/**
 * The size L1 is kept to: a cap in events and one in bytes (JSON length), either unlimited, and the
 * water marks as fractions of the caps. The collector starts evicting when L1 is above the high mark in
 * either dimension and evicts down to the low mark in both.
 */
record L1Budget(long maxEvents, long maxBytes, double lowWater, double highWater) {

    L1Budget {
        if (maxEvents <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("maxEvents, maxBytes: must be positive");
        }
        if (maxEvents == Long.MAX_VALUE && maxBytes == Long.MAX_VALUE) {
            throw new IllegalArgumentException("maxEvents, maxBytes: at least one budget is needed");
        }
        if (!(lowWater > 0 && lowWater <= highWater && highWater <= 1)) {
            throw new IllegalArgumentException("water marks: need 0 < low <= high <= 1, got low " + lowWater
                    + ", high " + highWater);
        }
    }

    boolean aboveHighWater(long events, long bytes) {
        return events > mark(maxEvents, highWater) || bytes > mark(maxBytes, highWater);
    }

    long lowEvents() {
        return mark(maxEvents, lowWater);
    }

    long lowBytes() {
        return mark(maxBytes, lowWater);
    }

    private static long mark(long cap, double fraction) {
        return cap == Long.MAX_VALUE ? cap : (long) Math.floor(cap * fraction);
    }
}
