package io.reactivestore.anchor;

import io.reactivestore.ReactiveStoreException;
import io.reactivestore.blob.Ref;
import org.jspecify.annotations.Nullable;

/**
 * {@link AnchorStore#updateAnchorMap} found that the anchor map changed after the update read it
 * (optimistic locking failed); nothing was changed. Transient: run the update again, for example with
 * {@link ConflictRetry}.
 */
public final class UpdateConflictException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /** @param expected the map ref the update started from, {@code null} for "no map" */
    public UpdateConflictException(@Nullable Ref expected) {
        super("anchor map is no longer " + (expected == null ? "absent" : expected.hex()));
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
