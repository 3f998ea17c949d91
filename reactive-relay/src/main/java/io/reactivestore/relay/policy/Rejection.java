package io.reactivestore.relay.policy;

import java.util.Objects;

/**
 * Why the relay refuses an event, a subscription or a count: a NIP-01 machine-readable {@link Reason}
 * and a human-readable text. Sent to the client as {@code "<prefix>: <message>"} in {@code OK} and
 * {@code CLOSED} messages.
 *
 * @param reason the machine-readable prefix
 * @param message the human-readable part (no prefix)
 */
public record Rejection(Reason reason, String message) {

    /** The machine-readable prefixes of NIP-01 and NIP-42. */
    public enum Reason {
        /** The event is already stored (sent with {@code OK true}) or a newer version of it is. */
        DUPLICATE("duplicate"),
        /** Not enough proof of work (NIP-13). */
        POW("pow"),
        /** Refused by a policy: banned author or kind, deleted event. */
        BLOCKED("blocked"),
        /** The client exceeded a rate limit; it may try again later. */
        RATE_LIMITED("rate-limited"),
        /** The input breaks a rule: bad id or signature, size limit, timestamp window, malformed message. */
        INVALID("invalid"),
        /** The client authenticated (NIP-42) but its key is not allowed to do this. */
        RESTRICTED("restricted"),
        /** The client must authenticate (NIP-42) first. */
        AUTH_REQUIRED("auth-required"),
        /** The request uses something this relay does not support. */
        UNSUPPORTED("unsupported"),
        /** Anything else: the store failed, the relay is shutting down. */
        ERROR("error");

        private final String prefix;

        Reason(String prefix) {
            this.prefix = prefix;
        }

        /** {@return the prefix as written on the wire, without the colon} */
        public String prefix() {
            return prefix;
        }
    }

    /**
     * Validates the components (see the class comment).
     *
     * @param reason the machine-readable prefix
     * @param message the human-readable part (no prefix)
     */
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /**
     * A rejection for {@code reason}.
     *
     * @param reason the machine-readable prefix
     * @param message the human-readable part (no prefix)
     * @return the rejection
     */
    public static Rejection of(Reason reason, String message) {
        return new Rejection(reason, message);
    }

    /**
     * A {@code blocked:} rejection.
     *
     * @param message the human-readable part (no prefix)
     * @return the rejection
     */
    public static Rejection blocked(String message) {
        return new Rejection(Reason.BLOCKED, message);
    }

    /**
     * A {@code invalid:} rejection.
     *
     * @param message the human-readable part (no prefix)
     * @return the rejection
     */
    public static Rejection invalid(String message) {
        return new Rejection(Reason.INVALID, message);
    }

    /**
     * A {@code restricted:} rejection.
     *
     * @param message the human-readable part (no prefix)
     * @return the rejection
     */
    public static Rejection restricted(String message) {
        return new Rejection(Reason.RESTRICTED, message);
    }

    /** {@return the text sent on the wire: {@code "prefix: message"}} */
    public String toWire() {
        return reason.prefix + ": " + message;
    }

    @Override
    public String toString() {
        return toWire();
    }
}
