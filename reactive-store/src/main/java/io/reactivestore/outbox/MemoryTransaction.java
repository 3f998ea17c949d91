package io.reactivestore.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The caller's transaction for a memory outbox ({@link MemoryOutbox}): a unit of work that stages
 * {@link OutboxStore#delete(Object, java.util.Collection) deletions} and the operations of
 * {@link OutboxStore#in(Object)} and applies them only when the caller's work completes, or drops them when it
 * fails or is cancelled. Run work in one with {@link #run(Function)}.
 *
 * <p>Thread-safe. Staged actions are applied in the order staged, one after another; they are held in memory
 * until the transaction ends, so their number is bounded by what the caller's work stages.
 */
public final class MemoryTransaction {

    private final List<Supplier<Mono<Void>>> onCommit = new ArrayList<>();
    private boolean ended;

    private MemoryTransaction() {
    }

    /**
     * Runs {@code work} in a new transaction: commits its staged actions when the work completes (the result is
     * emitted after the commit), discards them when it fails or is cancelled.
     *
     * @param work the work to run
     * @param <R> the work's result type
     * @return the work's result, emitted after the commit
     */
    public static <R> Mono<R> run(Function<MemoryTransaction, Mono<R>> work) {
        Objects.requireNonNull(work, "work");
        return Mono.usingWhen(Mono.fromSupplier(MemoryTransaction::new), work,
                MemoryTransaction::commit,
                (tx, error) -> tx.rollback(),
                MemoryTransaction::rollback);
    }

    /** Stages {@code action} to run at commit. */
    synchronized void onCommit(Supplier<Mono<Void>> action) {
        if (ended) {
            throw new NotInTransactionException();
        }
        onCommit.add(action);
    }

    private Mono<Void> commit() {
        return Flux.fromIterable(end()).concatMap(Supplier::get).then();
    }

    private Mono<Void> rollback() {
        return Mono.fromRunnable(this::end);
    }

    private synchronized List<Supplier<Mono<Void>>> end() {
        ended = true;
        return List.copyOf(onCommit);
    }
}
