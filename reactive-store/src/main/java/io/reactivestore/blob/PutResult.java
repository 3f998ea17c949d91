package io.reactivestore.blob;

import java.util.Objects;

/**
 * What {@link BlobStore#put(byte[])} did.
 *
 * @param ref the SHA-256 of the bytes put
 * @param added {@code true} if the store did not hold the blob before, {@code false} if it already did
 */
public record PutResult(Ref ref, boolean added) {

    /**
     * Validates the components (see the class comment).
     *
     * @param ref the SHA-256 of the bytes put
     * @param added {@code true} if the store did not hold the blob before, {@code false} if it already did
     */
    public PutResult {
        Objects.requireNonNull(ref, "ref");
    }
}
