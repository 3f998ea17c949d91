package io.reactivestore.outbox;

import io.reactivestore.ReactiveStoreException;

/**
 * Input an {@link OutboxStore} refuses: data or a key-value entry over its configured size, or (the subclass
 * {@link UnknownEventTypeException}) an event type that was not registered. Never transient: the same input
 * fails the same way again. Nothing was written.
 *
 * <p>{@link #field()} names the offending argument ({@code "type"}, {@code "data"}, {@code "key"},
 * {@code "value"}), for machine-readable answers.
 */
public class OutboxInputException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /** The offending field. */
    private final String field;

    /**
     * Creates the exception.
     *
     * @param field the offending field
     * @param message the message
     */
    public OutboxInputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** {@return the argument that broke the rule} */
    public String field() {
        return field;
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
