package io.reactivestore.internal.sql;

/**
 * The database cannot be reached or used right now: what a {@link SqlDatabase} signals for such failures
 * until its owner names its own exception type through {@link SqlDatabase#unavailableAs} (the stores do, so
 * their callers see {@code StoreUnavailableException}). Transient: the same operation may succeed later.
 */
public final class SqlUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An unavailable database.
     *
     * @param message what was unavailable
     * @param cause the driver's failure
     */
    public SqlUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
