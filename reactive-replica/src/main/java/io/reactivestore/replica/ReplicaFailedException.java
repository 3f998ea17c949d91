package io.reactivestore.replica;

import io.reactivestore.store.StoreException;
import java.util.List;

/**
 * The replica is in its error state: an asynchronous write failed, a synchronous write failed while
 * asynchronous stores exist, or the replica was disposed. Every later operation fails with this same
 * exception; {@link #getCause()} is the error that started it ({@link io.reactivestore.store.StoreClosedException}
 * for a dispose) and {@link #lost()} the writes still queued at that moment. Not transient: make a new
 * replica (after repairing the stores, for example by copying the lost blobs).
 */
public final class ReplicaFailedException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final transient List<LostWrite> lost;

    ReplicaFailedException(Throwable cause, List<LostWrite> lost) {
        super("replica failed (" + lost.size() + " queued writes lost): " + cause, cause);
        this.lost = List.copyOf(lost);
    }

    /**
     * {@return the asynchronous writes that were queued but not confirmed when the error state began, in queue order per store}
     */
    public List<LostWrite> lost() {
        return lost;
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
