package io.reactivestore.store;

import org.jspecify.annotations.Nullable;

/**
 * The store could not reach what it stores into (a database that went away, a failed connection, a
 * timed-out transaction). Transient: the store recovers by itself when the resource comes back, and
 * the operation may be retried. Nothing is acknowledged by an operation that fails with this.
 */
public final class StoreUnavailableException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param cause the underlying error
     */
    public StoreUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
