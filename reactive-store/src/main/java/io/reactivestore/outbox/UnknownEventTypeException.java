package io.reactivestore.outbox;

/**
 * {@link OutboxStore#store(byte[], String)} was given an event type that is not registered in the store's
 * {@link OutboxConfig#eventTypes()}. Not transient; nothing was stored. {@link #field()} is {@code "type"}.
 */
public final class UnknownEventTypeException extends OutboxInputException {

    private static final long serialVersionUID = 1L;

    /** The unregistered type. */
    private final String type;

    /**
     * Creates the exception.
     *
     * @param type the type name
     */
    public UnknownEventTypeException(String type) {
        super("type", "event type '" + type + "' is not registered");
        this.type = type;
    }

    /** {@return the type that is not registered} */
    public String type() {
        return type;
    }
}
