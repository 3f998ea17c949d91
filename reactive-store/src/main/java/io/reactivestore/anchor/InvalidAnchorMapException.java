package io.reactivestore.anchor;

import io.reactivestore.ReactiveStoreException;
import io.reactivestore.blob.Ref;

/** The blob that the store names as its anchor map (or a typed JSON blob) is not in the expected JSON form. Not transient. */
public final class InvalidAnchorMapException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param ref the blob's reference
     * @param cause the underlying error
     */
    public InvalidAnchorMapException(Ref ref, Throwable cause) {
        super("blob " + ref + " is not in the expected JSON form: " + cause.getMessage(), cause);
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
