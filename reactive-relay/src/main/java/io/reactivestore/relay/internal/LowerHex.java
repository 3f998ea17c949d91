package io.reactivestore.relay.internal;

/** Checks for lowercase hex strings of a given length: event ids, pubkeys, SHA-256 blob hashes. */
public final class LowerHex {

    private LowerHex() {
    }

    /**
     * Whether {@code value} is exactly {@code length} characters of {@code 0-9a-f}.
     *
     * @param value the text
     * @param length the required length
     * @return whether it is lowercase hex of that length
     */
    public static boolean is(String value, int length) {
        if (value.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
