package io.reactivestore.relay.client;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A publish or count waiting for the relay's answer: the frame to (re)send on each new connection
 * and the one-shot result. Thread-safe.
 *
 * @param <T> the answer type
 */
final class PendingRequest<T> {

    private final String key;
    private final byte[] frame;
    private final Sinks.One<T> result = Sinks.one();
    private @Nullable ClientConnection sentOn;
    private boolean authRetried;

    PendingRequest(String key, byte[] frame) {
        this.key = key;
        this.frame = frame;
    }

    String key() {
        return key;
    }

    byte[] frame() {
        return frame;
    }

    Mono<T> result() {
        return result.asMono();
    }

    /** Marks this request sent on {@code session}; false if it already was. */
    synchronized boolean claimSendOn(ClientConnection session) {
        if (sentOn == session) {
            return false;
        }
        sentOn = session;
        return true;
    }

    /** Lets {@link #claimSendOn} succeed again on the current session (resend after AUTH). */
    synchronized void forgetSession() {
        sentOn = null;
    }

    /** True the first time only: a request is retried after authentication at most once. */
    synchronized boolean claimAuthRetry() {
        if (authRetried) {
            return false;
        }
        authRetried = true;
        return true;
    }

    void complete(T value) {
        result.tryEmitValue(value);
    }

    void fail(Throwable error) {
        result.tryEmitError(error);
    }
}
