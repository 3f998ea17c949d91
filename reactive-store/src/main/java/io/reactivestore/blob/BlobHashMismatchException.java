package io.reactivestore.blob;

import io.reactivestore.ReactiveStoreException;
import java.util.Objects;

/**
 * The bytes given to {@link BlobStore#put(org.reactivestreams.Publisher, Ref)} do not hash to the
 * expected ref; nothing was stored. Not transient.
 */
public final class BlobHashMismatchException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /** The ref the caller expected. */
    private final Ref expected;
    /** The SHA-256 of the bytes received. */
    private final Ref actual;

    /**
     * Creates the exception.
     *
     * @param expected the ref the caller expected
     * @param actual the SHA-256 of the bytes received
     */
    public BlobHashMismatchException(Ref expected, Ref actual) {
        super("bytes hash to " + actual + ", expected " + expected);
        this.expected = Objects.requireNonNull(expected, "expected");
        this.actual = Objects.requireNonNull(actual, "actual");
    }

    /** {@return the ref the caller expected} */
    public Ref expected() {
        return expected;
    }

    /** {@return the SHA-256 of the bytes received} */
    public Ref actual() {
        return actual;
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
