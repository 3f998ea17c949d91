package io.reactivestore.store;

import io.reactivestore.ReactiveStoreException;
import org.jspecify.annotations.Nullable;

/**
 * An error of a store itself (not of the input): see the leaves {@link StoreFullException},
 * {@link StoreClosedException} and {@link StoreUnavailableException}.
 */
public abstract class StoreException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    protected StoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying error
     */
    protected StoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
