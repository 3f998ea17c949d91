package io.reactivestore.blob;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A blob: immutable bytes and their {@link Ref}. The constructor checks that {@code ref} is the
 * SHA-256 of {@code bytes}, so a {@code Blob} in hand is never corrupt.
 *
 * @param ref the SHA-256 of {@code bytes}
 * @param bytes the content (copied in, and copied out by {@link #bytes()})
 */
public record Blob(Ref ref, byte[] bytes) {

    /**
     * Validates the components (see the class comment).
     *
     * @param ref the SHA-256 of {@code bytes}
     * @param bytes the content (copied in, and copied out by {@link #bytes()})
     */
    public Blob {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(bytes, "bytes");
        bytes = bytes.clone();
        if (!Ref.of(bytes).equals(ref)) {
            throw new IllegalArgumentException("bytes: their SHA-256 is not " + ref);
        }
    }

    /**
     * The blob of {@code bytes}, its ref computed.
     *
     * @param bytes the bytes
     * @return the blob of {@code bytes}, its ref computed
     */
    public static Blob of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new Blob(Ref.of(bytes), bytes);
    }

    /** {@return a copy of the content} */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** {@return the content as a read-only view, without copying} */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** {@return the content's length in bytes} */
    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blob other && ref.equals(other.ref);
    }

    @Override
    public int hashCode() {
        return ref.hashCode();
    }

    @Override
    public String toString() {
        return "Blob[" + ref + ", " + bytes.length + " bytes]";
    }
}
