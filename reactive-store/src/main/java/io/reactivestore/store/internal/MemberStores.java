package io.reactivestore.store.internal;

import io.reactivestore.store.EventStore;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The member stores of a store made of several (composite, sharded), with its closed state: the
 * operations that apply to every member alike run on all of them at once and complete when all have.
 */
public final class MemberStores {

    private final List<EventStore> members;
    private final StoreGuard guard;

    /** Members of the store called {@code storeName} in errors. */
    public MemberStores(String storeName, List<EventStore> members) {
        this.members = List.copyOf(members);
        this.guard = new StoreGuard(storeName);
    }

    /** The closed state, for the operations the store spreads itself. */
    public StoreGuard guard() {
        return guard;
    }

    /** {@link EventStore#nuke()} on every member. */
    public Mono<Void> nuke() {
        return guard.mono(() -> onAll(EventStore::nuke));
    }

    /** {@link EventStore#sync()} on every member. */
    public Mono<Void> sync() {
        return guard.mono(() -> onAll(EventStore::sync));
    }

    /** Marks the store closed and closes every member; later calls complete at once. */
    public Mono<Void> close() {
        return Mono.defer(() -> guard.close() ? onAll(EventStore::close) : Mono.empty());
    }

    private Mono<Void> onAll(Function<EventStore, Mono<Void>> operation) {
        return Mono.when(members.stream().map(operation).toList());
    }
}
