package io.reactivestore.negentropy;

import io.reactivestore.ReactiveStoreException;

/**
 * A negentropy message that cannot be processed: malformed (truncated, a varint overflowing 64 bits, an id
 * prefix longer than 32 bytes, an unknown mode, bounds out of order) or of an unsupported protocol version.
 * Non-transient: the same message fails again.
 */
public final class NegentropyException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the message
     */
    public NegentropyException(String message) {
        super(message);
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
