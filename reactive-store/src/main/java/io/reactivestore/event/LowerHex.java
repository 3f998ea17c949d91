package io.reactivestore.event;

import io.reactivestore.internal.Hex;
import java.util.Objects;

/**
 * The strict hex check of the Nostr wire format: event ids, pubkeys, signatures and SHA-256 blob hashes are
 * lowercase hex of a fixed length. One check for the whole project (the store's records, the relay's
 * deletions and Blossom paths), so none of them accepts uppercase or short hex that another refuses.
 *
 * <p>Stateless and thread-safe.
 */
public final class LowerHex {

    private LowerHex() {
    }

    /**
     * Whether {@code value} is exactly {@code length} characters of {@code 0-9a-f}.
     *
     * @param value the text
     * @param length the required length ({@link Event#HEX_ID_LENGTH} for ids and pubkeys)
     * @return whether it is lowercase hex of that length
     * @throws NullPointerException if {@code value} is null
     */
    public static boolean is(String value, int length) {
        return Hex.isLowerHex(Objects.requireNonNull(value, "value"), length);
    }
}
