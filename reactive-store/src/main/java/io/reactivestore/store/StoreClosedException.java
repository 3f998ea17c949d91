package io.reactivestore.store;

/** The store was closed; every later operation fails with this. Not transient. */
public final class StoreClosedException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param storeName the closed store, for the message
     */
    public StoreClosedException(String storeName) {
        super(storeName + " is closed");
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
