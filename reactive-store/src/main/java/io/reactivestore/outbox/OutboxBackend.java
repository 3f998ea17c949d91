package io.reactivestore.outbox;

import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The storage primitives of one backend, below {@link SerializedOutboxStore}, which adds everything the
 * backends share: input checks, ids, the processed check, the write queue and the closed state. Writes here
 * are each atomic and are called one at a time (except {@link #delete}); reads may run at any moment.
 *
 * @param <C> the caller's transaction handle
 */
interface OutboxBackend<C> {

    /** Whether an event with this id is stored (in any state). */
    Mono<Boolean> contains(UUID id);

    /** Stores a <i>new</i> event unless its id is stored; {@code true} if it was inserted. */
    Mono<Boolean> insert(OutboxEvent event);

    /** Moves the stored events among {@code ids} that are in state {@code from} to state {@code to}. */
    Mono<Void> move(Set<UUID> ids, EventState from, EventState to);

    /** Moves the event, in whatever state, to {@link EventState#RECEIVED}. */
    Mono<Void> markReceived(UUID id);

    /** Stored events in {@code state} (all states if {@code null}), in the order first stored. */
    Flux<OutboxEvent> events(@Nullable EventState state);

    /** The stored ids among {@code ids} in state {@link EventState#NEW}. */
    Flux<UUID> observed(Set<UUID> ids);

    /** {@link #contains} as seen inside the caller's transaction (its own uncommitted changes included). */
    Mono<Boolean> contains(C callerTransaction, UUID id);

    /** {@link #insert} in the caller's transaction (not serialized with the other writes). */
    Mono<Boolean> insert(C callerTransaction, OutboxEvent event);

    /** {@link #move} in the caller's transaction (not serialized with the other writes). */
    Mono<Void> move(C callerTransaction, Set<UUID> ids, EventState from, EventState to);

    /** {@link #markReceived} in the caller's transaction (not serialized with the other writes). */
    Mono<Void> markReceived(C callerTransaction, UUID id);

    /** Deletes {@code ids} in the caller's transaction (not serialized with the other writes). */
    Mono<Void> delete(C callerTransaction, Set<UUID> ids);

    Mono<byte[]> kvGet(String prefix, String key);

    Mono<Void> kvSet(String prefix, String key, byte[] value);

    Mono<Void> kvDelete(String prefix, String key);

    /** Releases the backend; called once, after the last write. */
    Mono<Void> close();

    /** The three states of a stored event; see {@link OutboxStore}. */
    enum EventState {
        NEW, BROADCAST, RECEIVED
    }
}
