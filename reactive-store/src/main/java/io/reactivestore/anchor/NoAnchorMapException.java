package io.reactivestore.anchor;

import io.reactivestore.ReactiveStoreException;

/**
 * {@link AnchorStore#anchorMapRef()} before the first anchor was written: the store has no anchor map
 * yet. Not transient (it stays so until someone writes).
 */
public final class NoAnchorMapException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     */
    public NoAnchorMapException() {
        super("no anchor map yet");
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
