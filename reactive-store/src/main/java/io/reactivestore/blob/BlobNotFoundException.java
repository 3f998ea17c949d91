package io.reactivestore.blob;

import io.reactivestore.ReactiveStoreException;

/** The store holds no blob with the requested ref. Not transient. */
public final class BlobNotFoundException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    private final Ref ref;

    public BlobNotFoundException(Ref ref) {
        super("no blob " + ref);
        this.ref = ref;
    }

    /** The ref that was asked for. */
    public Ref ref() {
        return ref;
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
