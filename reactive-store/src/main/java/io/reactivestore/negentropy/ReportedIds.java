package io.reactivestore.negentropy;

/**
 * The ids an initiator has reported, so that none is reported twice. With frame size limits a responder
 * that runs out of room sums up the rest of the range space in one fingerprint, which can reopen ranges
 * the initiator had already settled (the reference implementation then reports their ids again).
 *
 * <p>Open addressing over the first 16 bytes of each id (two longs), at most half full: 32 to 64 bytes per
 * reported id. Two distinct ids sharing their first 128 bits is taken as impossible.
 */
final class ReportedIds {

    private long[] slots = new long[2 * 64];
    private int size;

    /** Records {@code id}; {@code false} if it was recorded before. */
    boolean add(byte[] id) {
        long a = word(id, 0);
        long b = word(id, 8);
        if (a == 0 && b == 0) {
            b = 1; // (0, 0) marks an empty slot; shift the one id that would collide with it
        }
        if ((size + 1) * 2 > slots.length / 2) {
            grow();
        }
        if (!insert(slots, a, b)) {
            return false;
        }
        size++;
        return true;
    }

    private static boolean insert(long[] table, long a, long b) {
        int mask = table.length / 2 - 1;
        int i = (int) (mix(a ^ b) & mask);
        while (true) {
            long sa = table[2 * i];
            long sb = table[2 * i + 1];
            if (sa == 0 && sb == 0) {
                table[2 * i] = a;
                table[2 * i + 1] = b;
                return true;
            }
            if (sa == a && sb == b) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] old = slots;
        long[] table = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                insert(table, old[i], old[i + 1]);
            }
        }
        slots = table;
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }

    private static long word(byte[] id, int from) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (id[from + i] & 0xFF);
        }
        return v;
    }

    @Override
    public String toString() {
        return "ReportedIds[" + size + " of " + slots.length / 2 + " slots]";
    }
}
