package io.reactivestore.internal;

/** Lowercase hexadecimal encoding as NIP-01 requires: no prefix, no uppercase. */
public final class Hex {

    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Hex() {
    }

    /** Encodes bytes as lowercase hex. */
    public static String encode(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0x0f];
        }
        return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code bytes} as lowercase hex (ASCII) into {@code out} from {@code offset}; returns the end offset. */
    public static int encodeInto(byte[] bytes, byte[] out, int offset) {
        for (byte value : bytes) {
            int b = value & 0xff;
            out[offset++] = DIGITS[b >>> 4];
            out[offset++] = DIGITS[b & 0x0f];
        }
        return offset;
    }

    /** Whether {@code s} is exactly {@code length} lowercase hex digits. */
    public static boolean isLowerHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes lowercase hex.
     *
     * @throws IllegalArgumentException if {@code hex} has odd length or a character that is not a
     *     lowercase hex digit
     */
    public static byte[] decode(String hex) {
        if ((hex.length() & 1) != 0) {
            throw new IllegalArgumentException("hex string of odd length " + hex.length());
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((digit(hex.charAt(2 * i)) << 4) | digit(hex.charAt(2 * i + 1)));
        }
        return out;
    }

    /**
     * The first {@code digits} (at most 16) lowercase hex digits of {@code hex} as an unsigned number,
     * ordered as the digit strings are.
     *
     * @throws IllegalArgumentException if one of them is not a lowercase hex digit
     */
    public static long leadingDigits(String hex, int digits) {
        if (digits > 16) {
            throw new IllegalArgumentException("at most 16 hex digits fit a long, asked " + digits);
        }
        long value = 0;
        for (int i = 0; i < digits; i++) {
            value = (value << 4) | digit(hex.charAt(i));
        }
        return value;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        throw new IllegalArgumentException("not a lowercase hex digit: '" + c + "'");
    }
}
