package io.reactivestore.outbox;

import io.reactivestore.ReactiveStoreException;

/**
 * {@link OutboxStore#delete(Object, java.util.Collection)} was handed a caller connection that is not inside a
 * transaction (auto-commit is on), or a {@link MemoryTransaction} that has ended. The deletion would commit on its own, apart from the caller's work, which is
 * exactly what the outbox forbids: nothing was deleted. Not transient: begin a transaction first.
 */
public final class NotInTransactionException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     */
    public NotInTransactionException() {
        super("outbox deletions must run inside the caller's open transaction; the given one is in auto-commit"
                + " or has ended");
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
