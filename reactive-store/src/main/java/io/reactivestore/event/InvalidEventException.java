package io.reactivestore.event;

import io.reactivestore.ReactiveStoreException;

/**
 * An event that breaks a rule of NIP-01 or a configured limit: a malformed field, an id that is not
 * the hash of the event, a bad signature, an oversized value. Never transient: the same event
 * fails the same way again.
 *
 * <p>{@link #field()} names the offending field ({@code "id"}, {@code "sig"}, {@code "content"},
 * {@code "tags"}, ...), so that callers can build machine-readable answers such as NIP-01's
 * {@code invalid:} prefix.
 */
public final class InvalidEventException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /** The offending field. */
    private final String field;

    /**
     * Creates the exception.
     *
     * @param field the offending field
     * @param message the message
     */
    public InvalidEventException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** {@return the event field that broke the rule} */
    public String field() {
        return field;
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
