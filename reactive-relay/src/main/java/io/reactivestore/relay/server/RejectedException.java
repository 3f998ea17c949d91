package io.reactivestore.relay.server;

import io.reactivestore.relay.policy.Rejection;

import io.reactivestore.ReactiveStoreException;

/** Carries a {@link Rejection} through an error signal of the relay's pipelines; never leaves the relay. */
final class RejectedException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    private final transient Rejection rejection;

    RejectedException(Rejection rejection) {
        super(rejection.toWire(), null);
        this.rejection = rejection;
    }

    Rejection rejection() {
        return rejection;
    }

    @Override
    public boolean isTransient() {
        return rejection.reason() == Rejection.Reason.RATE_LIMITED;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
