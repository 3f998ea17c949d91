package io.reactivestore.relay.client;

import io.reactivestore.ReactiveStoreException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Errors a {@link RelayClient} signals through {@code onError}. Switch on the nested leaf types:
 * <ul>
 *   <li>{@link Timeout}: no {@code OK} or {@code COUNT} answer within the request timeout (transient).
 *   <li>{@link ClosedByRelay}: the relay sent {@code CLOSED} for a subscription or count; carries the
 *       prefixed reason.
 *   <li>{@link Overflow}: a bounded buffer of the client was full (transient).
 *   <li>{@link ConnectionFailed}: the client gave up connecting after its configured attempts (transient).
 *   <li>{@link ClientClosed}: the client was closed (not transient).
 * </ul>
 */
public abstract sealed class RelayClientException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    private RelayClientException(String message) {
        super(message);
    }

    private RelayClientException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /** No answer from the relay within the request timeout. The request may have been applied. */
    public static final class Timeout extends RelayClientException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param what what timed out, for the message
         * @param after how long the client waited
         */
        public Timeout(String what, Duration after) {
            super(what + ": no answer from the relay within " + after.toMillis() + " ms");
        }

        @Override
        public boolean isTransient() {
            return true;
        }
    }

    /** The relay ended a subscription or refused a count with {@code ["CLOSED", id, reason]}. */
    public static final class ClosedByRelay extends RelayClientException {
        private static final long serialVersionUID = 1L;
        /** The subscription the relay closed. */
        private final String subscriptionId;
        /** The relay's reason, as it sent it. */
        private final String reason;

        /**
         * Creates the exception.
         *
         * @param subscriptionId the subscription the relay closed
         * @param reason the relay's reason, as it sent it
         */
        public ClosedByRelay(String subscriptionId, String reason) {
            super("relay closed subscription " + subscriptionId + ": " + reason);
            this.subscriptionId = subscriptionId;
            this.reason = reason;
        }

        /** {@return the subscription (or count) id the relay closed} */
        public String subscriptionId() {
            return subscriptionId;
        }

        /** {@return the relay's full reason, prefix included, e.g} {@code "auth-required: log in first"}. */
        public String reason() {
            return reason;
        }

        /** {@return the machine-readable prefix of {@link #reason()} without colon, or {@code ""}} */
        public String prefix() {
            return OkResult.prefixOf(reason);
        }

        /** Transient for {@code rate-limited} and {@code error}: the same request may succeed later. */
        @Override
        public boolean isTransient() {
            String prefix = prefix();
            return prefix.equals("rate-limited") || prefix.equals("error");
        }
    }

    /**
     * A bounded buffer was full: the outbound queue, the pending-request table, or a subscription's
     * buffer (its consumer fell too far behind; the client then sent {@code CLOSE}).
     */
    public static final class Overflow extends RelayClientException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what overflowed
         */
        public Overflow(String message) {
            super(message);
        }

        @Override
        public boolean isTransient() {
            return true;
        }
    }

    /** The client could not (re)connect within its configured number of attempts. */
    public static final class ConnectionFailed extends RelayClientException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what failed
         * @param cause the underlying error
         */
        public ConnectionFailed(String message, @Nullable Throwable cause) {
            super(message, cause);
        }

        @Override
        public boolean isTransient() {
            return true;
        }
    }

    /** The client was closed before the operation finished. */
    public static final class ClientClosed extends RelayClientException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception. */
        public ClientClosed() {
            super("the relay client is closed");
        }

        @Override
        public boolean isTransient() {
            return false;
        }
    }
}
