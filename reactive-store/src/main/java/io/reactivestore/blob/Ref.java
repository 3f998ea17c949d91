package io.reactivestore.blob;

import io.reactivestore.internal.Hex;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The address of a blob: the SHA-256 of its bytes, as 64 lowercase hex digits.
 *
 * <p>Refs order by their bytes (which is the order of their hex strings), the order in which
 * {@link BlobStore#listRefs(Ref)} lists them.
 *
 * @param hex 64 lowercase hex digits
 */
public record Ref(String hex) implements Comparable<Ref> {

    /** Length of a ref in hex digits. */
    public static final int HEX_LENGTH = 64;

    /**
     * Validates the components (see the class comment).
     *
     * @param hex 64 lowercase hex digits
     */
    public Ref {
        if (hex == null || !Hex.isLowerHex(hex, HEX_LENGTH)) {
            throw new IllegalArgumentException("ref: must be " + HEX_LENGTH + " lowercase hex digits");
        }
    }

    /**
     * The ref of {@code bytes}: their SHA-256.
     *
     * @param bytes the bytes
     * @return the ref of {@code bytes}: their SHA-256
     */
    public static Ref of(byte[] bytes) {
        return new Ref(Hex.encode(sha256(bytes)));
    }

    /**
     * Parses a ref; {@link IllegalArgumentException} unless {@code hex} is 64 lowercase hex digits.
     *
     * @param hex 64 lowercase hex digits
     * @return the ref
     */
    public static Ref parse(String hex) {
        return new Ref(hex);
    }

    @Override
    public int compareTo(Ref other) {
        return hex.compareTo(other.hex);
    }

    @Override
    public String toString() {
        return hex;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
