package io.reactivestore.negentropy;

/**
 * A range bound: a timestamp ({@code -1L}, unsigned 2^64-1, is infinity) and an id prefix of
 * {@code prefixLength} bytes, held zero-padded as four big-endian words so it compares with records directly.
 */
record Bound(long timestamp, int prefixLength, long w0, long w1, long w2, long w3) {

    static final long INFINITY = -1L;
    static final Bound ZERO = new Bound(0, 0, 0, 0, 0, 0);
    static final Bound MAX = new Bound(INFINITY, 0, 0, 0, 0, 0);

    long word(int w) {
        return switch (w) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            default -> w3;
        };
    }

    /** A bound with a prefix taken from {@code prefix[0..length)}, zero-padded. */
    static Bound of(long timestamp, byte[] prefix, int length) {
        byte[] padded = new byte[Ids.LENGTH];
        System.arraycopy(prefix, 0, padded, 0, length);
        long[] w = new long[4];
        Ids.readWords(padded, 0, w, 0);
        return new Bound(timestamp, length, w[0], w[1], w[2], w[3]);
    }

    /** Writes the first {@code prefixLength} bytes of the prefix. */
    void writePrefix(MessageWriter out) {
        for (int i = 0; i < prefixLength; i++) {
            long v = word(i / 8);
            out.write((int) (v >>> (56 - 8 * (i % 8))));
        }
    }

    /** The shortest bound that separates record {@code prev} from the next record {@code curr} of {@code s}. */
    static Bound minimal(NegentropyStorage s, int prev, int curr) {
        long ts = s.timestampAt(curr);
        if (ts != s.timestampAt(prev)) {
            return new Bound(ts, 0, 0, 0, 0, 0);
        }
        int shared = Ids.LENGTH;
        for (int w = 0; w < 4; w++) {
            long diff = s.word(prev, w) ^ s.word(curr, w);
            if (diff != 0) {
                shared = w * 8 + Long.numberOfLeadingZeros(diff) / 8;
                break;
            }
        }
        int length = Math.min(Ids.LENGTH, shared + 1);
        long[] kept = new long[4];
        for (int w = 0; w < 4; w++) {
            int bytes = Math.max(0, Math.min(8, length - w * 8));
            kept[w] = bytes == 0 ? 0 : bytes == 8 ? s.word(curr, w) : s.word(curr, w) & (-1L << (64 - 8 * bytes));
        }
        return new Bound(ts, length, kept[0], kept[1], kept[2], kept[3]);
    }

    /** The bound that is exactly record {@code index} of {@code s}. */
    static Bound ofRecord(NegentropyStorage s, int index) {
        return new Bound(s.timestampAt(index), Ids.LENGTH, s.word(index, 0), s.word(index, 1), s.word(index, 2),
                s.word(index, 3));
    }
}
