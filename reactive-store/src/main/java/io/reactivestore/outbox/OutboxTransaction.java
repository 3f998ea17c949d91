package io.reactivestore.outbox;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Outbox operations that run inside the caller's own transaction (the transactional outbox pattern): a
 * service writes its rows and the outbox change in one database transaction, so that a crash or a rollback
 * can never keep one without the other. Obtained from {@link OutboxStore#in(Object)}.
 *
 * <p><b>Atomicity and visibility.</b> Each operation becomes part of the caller's transaction: it commits
 * when the caller commits and is undone when the caller rolls back. Until the commit, nobody else sees it:
 * {@link OutboxStore#unreceived()}, {@link OutboxStore#pending()} and the store's own writes see the last
 * committed state. The caller ends the transaction; these methods never commit or roll back.
 *
 * <p><b>Rules</b> are those of the same operations on {@link OutboxStore}: the same input checks and
 * errors, ids derived the same way, the {@link ProcessedCheck} asked before a new event is stored, marks of
 * unknown ids changing nothing. An event stored here takes its place in {@link OutboxStore#unreceived()}'s
 * order when it is inserted, not when the caller commits.
 *
 * <p><b>Concurrency.</b> These operations bypass the store's write queue: the database serializes them
 * with the store's own writes by its row locks. So keep such transactions short: while the caller's
 * transaction holds a row (an event it stored, marked or deleted), a store write to that row (for example
 * a broadcaster's {@code markBroadcasted}) waits for the caller, and with it the store's whole write queue.
 * Operations of one transaction must run one after another, as the caller's connection requires.
 *
 * <p><b>Errors</b>: as on {@link OutboxStore}, plus {@link NotInTransactionException} when the handle is
 * not in an open transaction (for SQL: a connection in auto-commit); a refused operation changes nothing.
 */
public interface OutboxTransaction {

    /**
     * {@link OutboxStore#store} inside the caller's transaction.
     *
     * @param data the event's data
     * @param type a registered event type
     * @return the id and outcome: {@code STORED} means stored in this transaction, committed with it
     */
    Mono<StoreResult> store(byte[] data, String type);

    /**
     * {@link OutboxStore#markBroadcasted} inside the caller's transaction.
     *
     * @param ids events to move from <i>new</i> to <i>broadcast</i>
     * @return completes when the change is part of the caller's transaction
     */
    Mono<Void> markBroadcasted(Collection<UUID> ids);

    /**
     * {@link OutboxStore#markReceived} inside the caller's transaction: other readers still see the event
     * in its earlier state until the caller commits.
     *
     * @param id the event confirmed by the network
     * @return completes when the change is part of the caller's transaction
     */
    Mono<Void> markReceived(UUID id);

    /**
     * {@link OutboxStore#delete(Object, Collection)} of this transaction.
     *
     * @param ids events to delete; unknown ids are ignored
     * @return completes when the deletion is part of the caller's transaction
     */
    Mono<Void> delete(Collection<UUID> ids);

    /**
     * {@link #delete(Collection)} of one id.
     *
     * @param id the event to delete
     * @return completes when the deletion is part of the caller's transaction
     */
    default Mono<Void> delete(UUID id) {
        return delete(List.of(id));
    }
}
