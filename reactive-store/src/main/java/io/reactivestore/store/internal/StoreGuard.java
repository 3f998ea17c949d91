package io.reactivestore.store.internal;

import io.reactivestore.store.StoreClosedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The closed state of a store decorator: operations subscribed after {@link #close()} fail with
 * {@link StoreClosedException} naming the store, without touching what the decorator wraps.
 */
public final class StoreGuard {

    private final String storeName;
    private final AtomicBoolean closed = new AtomicBoolean();

    public StoreGuard(String storeName) {
        this.storeName = storeName;
    }

    /** {@code operation}, checked at subscription time. */
    public <T> Mono<T> mono(Supplier<Mono<T>> operation) {
        return Mono.defer(() -> closed.get() ? Mono.error(new StoreClosedException(storeName)) : operation.get());
    }

    /** {@code operation}, checked at subscription time. */
    public <T> Flux<T> flux(Supplier<Flux<T>> operation) {
        return Flux.defer(() -> closed.get() ? Flux.error(new StoreClosedException(storeName)) : operation.get());
    }

    /** Marks the store closed; true only for the first call. */
    public boolean close() {
        return closed.compareAndSet(false, true);
    }
}
