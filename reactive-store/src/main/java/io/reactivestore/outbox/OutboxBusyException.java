package io.reactivestore.outbox;

import io.reactivestore.store.StoreException;

/**
 * The store's write queue is full ({@link OutboxConfig#writeQueueCapacity()} writes waiting or running);
 * this write was refused and nothing was written. Transient: retry once earlier writes have completed.
 */
public final class OutboxBusyException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param capacity the write queue's capacity, for the message
     */
    public OutboxBusyException(int capacity) {
        super("outbox write queue is full (" + capacity + " writes queued); retry later");
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
