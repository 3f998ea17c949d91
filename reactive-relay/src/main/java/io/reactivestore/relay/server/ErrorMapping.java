package io.reactivestore.relay.server;

import io.reactivestore.relay.policy.Rejection;

import io.reactivestore.event.InvalidEventException;
import io.reactivestore.event.InvalidJsonException;
import io.reactivestore.store.StoreClosedException;
import io.reactivestore.store.SearchNotSupportedException;
import io.reactivestore.store.StoreFullException;
import io.reactivestore.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become NIP-01 answers: every {@code OK false} and every {@code CLOSED} the
 * relay sends is built from {@link #toRejection(Throwable)}.
 */
final class ErrorMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    /** The rejection a client is told for {@code error}; unexpected errors are logged and told as {@code error:}. */
    static Rejection toRejection(Throwable error) {
        if (error instanceof RejectedException e) {
            return e.rejection();
        }
        if (error instanceof InvalidEventException e) {
            return Rejection.invalid(String.valueOf(e.getMessage()));
        }
        if (error instanceof InvalidJsonException e) {
            return Rejection.invalid(String.valueOf(e.getMessage()));
        }
        if (error instanceof SearchNotSupportedException) {
            return Rejection.invalid(RelayConnection.SEARCH_UNSUPPORTED);
        }
        if (error instanceof StoreFullException) {
            return Rejection.of(Rejection.Reason.ERROR, "the relay's storage is full");
        }
        if (error instanceof StoreUnavailableException) {
            return Rejection.of(Rejection.Reason.ERROR, "storage is unavailable, try again later");
        }
        if (error instanceof StoreClosedException) {
            return Rejection.of(Rejection.Reason.ERROR, "the relay is shutting down");
        }
        LOG.warn("unexpected error answered as 'error:'", error);
        return Rejection.of(Rejection.Reason.ERROR, "internal error");
    }

    /** Wraps a rejection as an error signal. */
    static RejectedException reject(Rejection rejection) {
        return new RejectedException(rejection);
    }
}
