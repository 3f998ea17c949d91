package io.reactivestore.store;

import reactor.core.publisher.Mono;

/**
 * An {@link EventStore} that can tell how many bytes its data occupies: the signal of a size-based
 * retention rule ({@code io.reactivestore.store.retention}). Optional: stores that cannot tell cheaply do
 * not implement it.
 */
public interface StoreSize {

    /**
     * The bytes the stored data occupies now: live data, so that it falls as events are deleted (for an H2
     * file, the file's size times H2's own fill rates, not the file's length, which does not shrink online).
     *
     * @return the size in bytes; empty when the backend cannot tell (an in-memory database); never blocks
     *     the caller
     */
    Mono<Long> sizeOnDisk();
}
