package io.reactivestore.store;

/** The store reached its configured capacity; nothing was written. Transient: deleting events makes room. */
public final class StoreFullException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the message
     */
    public StoreFullException(String message) {
        super(message);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
