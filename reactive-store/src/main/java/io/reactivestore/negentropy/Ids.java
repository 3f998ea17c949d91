package io.reactivestore.negentropy;

/** Conversions between 32-byte ids, their hex form and four big-endian words. */
final class Ids {

    static final int LENGTH = 32;

    private Ids() {
    }

    /** Parses 64 hex characters into four big-endian words at {@code out[offset..offset+3]}. */
    static void parseHexInto(String hex, long[] out, int offset) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("an id has 64 hex characters, got " + hex.length());
        }
        for (int w = 0; w < 4; w++) {
            long v = 0;
            for (int i = 0; i < 16; i++) {
                int d = digit(hex.charAt(w * 16 + i));
                if (d < 0) {
                    throw new IllegalArgumentException("an id is hex, got " + hex);
                }
                v = (v << 4) | d;
            }
            out[offset + w] = v;
        }
    }

    /** Reads 32 bytes from {@code in[from..]} as four big-endian words into {@code out[offset..]}. */
    static void readWords(byte[] in, int from, long[] out, int offset) {
        for (int w = 0; w < 4; w++) {
            long v = 0;
            for (int b = 0; b < 8; b++) {
                v = (v << 8) | (in[from + w * 8 + b] & 0xFF);
            }
            out[offset + w] = v;
        }
    }

    /** The value of an ASCII hex digit of either case, or -1. */
    static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Lowercase hex of {@code bytes}. */
    static String hex(byte[] bytes) {
        return io.reactivestore.internal.Hex.encode(bytes);
    }
}
