package io.reactivestore.event;

import io.reactivestore.ReactiveStoreException;

/**
 * JSON that cannot be decoded into a Nostr value: not JSON at all, a wrong type, a missing field, a
 * value out of range or over a size limit, nesting too deep. {@link #field()} names the path of the
 * offending value ({@code "kind"}, {@code "tags[2][0]"}, {@code "filter[0].limit"}, or
 * {@code "$"} for the document itself). Never transient.
 */
public final class InvalidJsonException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /** The offending field. */
    private final String field;

    /**
     * Creates the exception.
     *
     * @param field the offending field
     * @param message the message
     */
    public InvalidJsonException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /**
     * Creates the exception.
     *
     * @param field the offending field
     * @param message the message
     * @param cause the underlying error
     */
    public InvalidJsonException(String field, String message, Throwable cause) {
        super(field + ": " + message, cause);
        this.field = field;
    }

    /** {@return path of the offending value, {@code "$"} for the document as a whole} */
    public String field() {
        return field;
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
