package io.reactivestore.blob;

import io.reactivestore.ReactiveStoreException;

/**
 * The bytes a store holds under a ref do not hash to that ref (damaged storage). The store signals
 * this instead of returning wrong bytes. Not transient.
 */
public final class CorruptBlobException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /** The blob whose bytes do not match it. */
    private final Ref ref;

    /**
     * Creates the exception.
     *
     * @param ref the blob's reference
     */
    public CorruptBlobException(Ref ref) {
        super("stored bytes of blob " + ref + " do not hash to its ref");
        this.ref = ref;
    }

    /** {@return the ref whose stored bytes are damaged} */
    public Ref ref() {
        return ref;
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
