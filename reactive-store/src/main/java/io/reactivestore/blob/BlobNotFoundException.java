package io.reactivestore.blob;

import io.reactivestore.ReactiveStoreException;

/** The store holds no blob with the requested ref. Not transient. */
public final class BlobNotFoundException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /** The blob asked for. */
    private final Ref ref;

    /**
     * Creates the exception.
     *
     * @param ref the blob's reference
     */
    public BlobNotFoundException(Ref ref) {
        super("no blob " + ref);
        this.ref = ref;
    }

    /** {@return the ref that was asked for} */
    public Ref ref() {
        return ref;
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
