package io.reactivestore;

import org.jspecify.annotations.Nullable;

/**
 * Root of every error that reactive-store signals through {@code onError}.
 *
 * <p>Errors fall into two categories: {@linkplain #isTransient() transient} ones (the same call may
 * succeed later: a database that went away, a full queue) and non-transient ones (bad input, a
 * closed store): retrying those is pointless. Callers that map errors onto protocol answers (the
 * relay maps them onto NIP-01 prefixes) switch on the concrete leaf type.
 */
public abstract class ReactiveStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    protected ReactiveStoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying error
     */
    protected ReactiveStoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /** {@return whether the same operation may succeed when tried again later} */
    public abstract boolean isTransient();
}
