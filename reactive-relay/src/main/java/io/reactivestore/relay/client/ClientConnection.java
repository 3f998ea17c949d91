package io.reactivestore.relay.client;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One open WebSocket connection: its bounded outbound queue and its NIP-42 authentication state.
 * Thread-safe: every method synchronizes on this session.
 */
final class ClientConnection {

    /** What became of a frame offered to {@link #send(byte[])}. */
    enum Sent { QUEUED, QUEUE_FULL, CONNECTION_CLOSED }

    /** Someone waiting for the relay's answer to our {@code AUTH}. */
    interface AuthWaiter {
        void authAccepted(ClientConnection session);

        void authRejected();
    }

    private final Sinks.Many<byte[]> outbound;
    private @Nullable String authEventId;
    private boolean authenticated;
    private final List<AuthWaiter> authWaiters = new ArrayList<>();

    /** At most {@code queueSize} frames may wait for the socket. */
    ClientConnection(int queueSize) {
        this.outbound = Sinks.many().unicast().onBackpressureBuffer(new BoundedQueue<>(queueSize));
    }

    /** The frames to write, in order; subscribed once by the connection. */
    Flux<byte[]> frames() {
        return outbound.asFlux();
    }

    synchronized Sent send(byte[] frame) {
        Sinks.EmitResult result = outbound.tryEmitNext(frame);
        if (result.isSuccess()) {
            return Sent.QUEUED;
        }
        return result == Sinks.EmitResult.FAIL_OVERFLOW ? Sent.QUEUE_FULL : Sent.CONNECTION_CLOSED;
    }

    /**
     * Stops the outbound stream; later sends report {@link Sent#CONNECTION_CLOSED}. Requests waiting
     * for authentication are dropped here: the client resends them on the next connection.
     */
    synchronized void close() {
        outbound.tryEmitComplete();
        authWaiters.clear();
    }

    /** Records that we answered a challenge with the AUTH event {@code eventId}. */
    synchronized void authSent(String eventId) {
        authEventId = eventId;
        authenticated = false;
    }

    /** Whether {@code eventId} is our AUTH event, whose {@code OK} answers the challenge. */
    synchronized boolean isAuthAnswer(String eventId) {
        return eventId.equals(authEventId);
    }

    /**
     * Registers {@code waiter} if an AUTH answer is in flight or already accepted (then it runs at
     * once); returns false when there is nothing to wait for.
     */
    boolean awaitAuth(AuthWaiter waiter) {
        synchronized (this) {
            if (authEventId == null) {
                return false;
            }
            if (!authenticated) {
                authWaiters.add(waiter);
                return true;
            }
        }
        waiter.authAccepted(this);
        return true;
    }

    /** The relay answered our AUTH event; runs the waiters outside the lock. */
    void authAnswered(boolean accepted) {
        List<AuthWaiter> waiters;
        synchronized (this) {
            authenticated = accepted;
            waiters = List.copyOf(authWaiters);
            authWaiters.clear();
        }
        for (AuthWaiter waiter : waiters) {
            if (accepted) {
                waiter.authAccepted(this);
            } else {
                waiter.authRejected();
            }
        }
    }
}
