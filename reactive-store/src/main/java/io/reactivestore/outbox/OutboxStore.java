package io.reactivestore.outbox;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An at-least-once outbox: it keeps events heard from outside until the network confirms them, surviving
 * restarts (for the SQL backends), without duplicates piling up. Every backend keeps this one contract, which
 * the test suite {@code OutboxStoreContract} defines case by case.
 *
 * <p><b>Life of an event.</b> {@link #store} puts it in state <i>new</i>: it is in {@link #unreceived()}.
 * {@link #markBroadcasted} moves new events to <i>broadcast</i> (awaiting confirmation);
 * {@link #markRebroadcast} moves broadcast events back to <i>new</i>; {@link #markReceived} moves an event in
 * any state to <i>received</i>, which it never leaves. {@link #pending()} lists events in every state until the
 * consumer resolves them and removes them with {@link #delete(Object, Collection)}. Marks of ids that are not
 * stored, or not in the state a mark moves from, change nothing and are not errors.
 *
 * <p><b>Two connections, on purpose.</b> The methods of this interface that write, except {@code delete}
 * ({@link #store}, the marks, {@link OutboxKv} writes), run on the store's <i>own</i> connection and commit by
 * themselves: an event heard from outside and acknowledged by {@code store} must survive even if some caller
 * transaction rolls back, or it would be lost. When the outbox change must instead commit <i>with</i> the
 * caller's own rows (the transactional outbox pattern), run it through {@link #in(Object)}:
 * {@link OutboxTransaction} offers {@code store}, {@code markBroadcasted}, {@code markReceived} and
 * {@code delete} on the caller's transaction. {@code delete}, in contrast, removes events
 * the caller has just resolved and must commit <i>with</i> that resolution: were it to commit apart, a crash or
 * rollback between the two would lose the event (deleted but not resolved). So it takes the caller's
 * transaction, typed {@code C} per backend (an R2DBC {@code Connection} for SQL, a {@link MemoryTransaction} for
 * memory), and refuses a connection that is not in a transaction ({@link NotInTransactionException}).
 * Corollary: inside a caller transaction that deleted an id, do not wait for a store write to the same id; the
 * database may hold that write until the caller's transaction ends.
 *
 * <p><b>Concurrency.</b> All methods may be called from any thread and never block it. Writes on the store's
 * connection are serialized per store through a bounded queue ({@link OutboxConfig#writeQueueCapacity()}; when
 * full, {@link OutboxBusyException}), so concurrent stores and marks apply one after another, each atomically.
 * A write that has started runs to its end even if its subscriber cancels. Reads never wait for writes: they see
 * the last committed state. Nothing happens until a returned publisher is subscribed.
 *
 * <p><b>Errors</b>, only through {@code onError}: {@link UnknownEventTypeException} and
 * {@link OutboxInputException} for refused input, {@link OutboxBusyException} (transient),
 * {@link io.reactivestore.store.StoreUnavailableException} (transient) when the database is unreachable,
 * {@link io.reactivestore.store.StoreClosedException} after {@link #close()}. A failed write wrote nothing.
 *
 * @param <C> the caller's transaction handle that {@link #delete(Object, Collection)} runs in
 */
public interface OutboxStore<C> {

    /**
     * Stores an event of a registered {@code type}, unless it is already stored or the {@link ProcessedCheck}
     * reports it processed. Its id is {@link OutboxEvent#idOf(String, byte[])}: storing the same event again
     * changes nothing and costs one read (the processed check is not asked again, the write queue not used).
     * Completes once the event is committed, so an acknowledged event survives a crash (SQL backends).
     *
     * @param data the payload
     * @param type the type name
     * @return the event's id and what the store did
     */
    Mono<StoreResult> store(byte[] data, String type);

    /**
     * Events in state <i>new</i> (neither broadcast nor received), in the order they were first stored. Streams
     * with backpressure; cancelling releases the read.
     *
     * @return events in state <i>new</i> (neither broadcast nor received), in the order they were first stored
     */
    Flux<OutboxEvent> unreceived();

    /**
     * Moves the given <i>new</i> events to <i>broadcast</i>, atomically: they leave {@link #unreceived()}.
     *
     * @param ids the outbox events' ids
     * @return completes when done, or errors
     */
    Mono<Void> markBroadcasted(Collection<UUID> ids);

    /**
     * Moves the given <i>broadcast</i> events back to <i>new</i>, atomically, for example after a rejection.
     *
     * @param ids the outbox events' ids
     * @return completes when done, or errors
     */
    Mono<Void> markRebroadcast(Collection<UUID> ids);

    /**
     * Marks the event confirmed by the network: it never returns to {@link #unreceived()}.
     *
     * @param id the outbox event's id
     * @return completes when done, or errors
     */
    Mono<Void> markReceived(UUID id);

    /**
     * Which of {@code ids} are stored here and not yet broadcast (state <i>new</i>), each once, in no order.
     *
     * @param ids the outbox events' ids
     * @return which of {@code ids} are stored here and not yet broadcast (state <i>new</i>), each once, in no order
     */
    Flux<UUID> observed(Collection<UUID> ids);

    /**
     * Every stored event not yet resolved (that is, not deleted), whatever its state, in the order first stored,
     * for the consumer side. Streams with backpressure.
     *
     * @return every stored event not yet resolved (that is, not deleted), whatever its state, in the order first stored, for the consumer side
     */
    Flux<OutboxEvent> pending();

    /**
     * Deletes the given events inside the caller's transaction, so that the deletion commits or rolls back with
     * the caller's own work. Idempotent: ids that are not stored are ignored. Does not use the store's write
     * queue. See the class description for why this one write runs on the caller's connection.
     *
     * @param callerTransaction the caller's open transaction (for SQL: a connection with auto-commit off, on
     *     the store's database)
     * @param ids the outbox events' ids
     * @return completes when the deletion is part of the caller's transaction (not yet committed)
     */
    Mono<Void> delete(C callerTransaction, Collection<UUID> ids);

    /**
     * {@link #delete(Object, Collection)} of one id.
     *
     * @param id the outbox event's id
     * @param callerTransaction the caller's open transaction, as for {@link #delete(Object, Collection)}
     * @return completes when done, or errors
     */
    default Mono<Void> delete(C callerTransaction, UUID id) {
        return delete(callerTransaction, List.of(id));
    }

    /**
     * The outbox operations that run inside the caller's transaction (see {@link OutboxTransaction}): they
     * commit and roll back with the caller's own work, and nobody else sees them before the commit. The
     * handle is only a view: it holds nothing and need not be closed.
     *
     * @param callerTransaction the caller's open transaction (for SQL: a connection with auto-commit off, on
     *     the store's database; for memory: a {@link MemoryTransaction})
     * @return the operations bound to {@code callerTransaction}
     */
    OutboxTransaction in(C callerTransaction);

    /**
     * A key-value store scoped to {@code prefix}, for consumers' progress records. Keys of different prefixes
     * never collide, also when one prefix is a prefix of the other. Shares this store's write queue and
     * lifecycle.
     *
     * @param prefix the prefix
     * @return a key-value store scoped to {@code prefix}, for consumers' progress records
     * @throws IllegalArgumentException if the prefix is empty or longer than
     *     {@value OutboxConfig#MAX_NAME_LENGTH} characters
     */
    OutboxKv kv(String prefix);

    /**
     * Stops accepting work (later calls fail with {@link io.reactivestore.store.StoreClosedException}), lets the
     * writes already queued finish, then releases the store's resources. Idempotent.
     *
     * @return completes when done, or errors
     */
    Mono<Void> close();
}
