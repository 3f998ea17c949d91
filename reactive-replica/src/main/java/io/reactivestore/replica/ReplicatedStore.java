package io.reactivestore.replica;

import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * What every replicated store has besides its own store API: the bounded queues of writes waiting for
 * the asynchronous members, the graceful {@link #close()} and the abrupt {@link #dispose()}. The
 * replication rules (synchronous writes, queues, error state, racing reads) are described on
 * {@link ReplicaBlobStore}.
 *
 * @param <S> the type of the member stores
 */
public abstract class ReplicatedStore<S> implements Disposable {

    final Replication<S> replication;

    ReplicatedStore(String name, List<? extends S> syncStores, List<? extends S> asyncStores, int queueLength) {
        this.replication = new Replication<>(name, syncStores, asyncStores, queueLength);
    }

    /**
     * How many writes are queued for asynchronous members and not yet confirmed: per member at most
     * {@code queueLength + 1} (the write in flight and {@code queueLength} waiting).
     *
     * @return the sum over the asynchronous members
     */
    public int pendingWrites() {
        return replication.pendingCount();
    }

    /**
     * Completes when every write queued so far for the asynchronous members is confirmed.
     *
     * @return completes when done, or errors
     */
    public Mono<Void> flush() {
        return replication.idle();
    }

    /**
     * Graceful stop: refuses new operations with {@link io.reactivestore.store.StoreClosedException} and
     * completes once the queued writes are confirmed.
     *
     * @return graceful stop: refuses new operations with {@link io.reactivestore.store.StoreClosedException} and completes once the queued writes are confirmed
     */
    public Mono<Void> close() {
        return replication.close();
    }

    /** Abrupt stop: enters the error state now; queued writes are reported lost; members stay open. */
    @Override
    public void dispose() {
        replication.dispose();
    }

    @Override
    public boolean isDisposed() {
        return replication.isDisposed();
    }
}
