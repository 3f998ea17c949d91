package io.reactivestore.negentropy;

import io.reactivestore.ReactiveStoreException;

/**
 * A {@link NegentropyStorage} would hold more records than its cap allows. Non-transient for the same filter
 * and cap; the relay answers it with {@code NEG-ERR "blocked: ..."}.
 */
public final class TooManyRecordsException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /** The cap that was reached. */
    private final int maxRecords;

    /**
     * Creates the exception.
     *
     * @param maxRecords the cap that was reached
     */
    public TooManyRecordsException(int maxRecords) {
        super("more than " + maxRecords + " records to reconcile");
        this.maxRecords = maxRecords;
    }

    /** {@return the cap that was reached} */
    public int maxRecords() {
        return maxRecords;
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
