package io.reactivestore.relay.message;

import io.reactivestore.event.Filter;
import org.jspecify.annotations.Nullable;

/**
 * A NIP-77 message, as {@link NegentropyMessages} decodes and encodes it. Sealed: handle every permitted
 * record. Binary payloads are the negentropy messages themselves (hex on the wire).
 */
public sealed interface NegentropyMessage {

    /** {@return the subscription id the message refers to (a namespace apart from REQ ids)} */
    String subscriptionId();

    /**
     * {@code ["NEG-OPEN", subscriptionId, filter, initialMessage]}, client to relay.
     *
     * @param subscriptionId the session's id, chosen by the client
     * @param filter the records to reconcile
     * @param message the initiator's first message
     */
    record Open(String subscriptionId, Filter filter, byte[] message) implements NegentropyMessage {
    }

    /**
     * {@code ["NEG-MSG", subscriptionId, message]}, both directions.
     *
     * @param subscriptionId the session's id
     * @param message the negentropy message
     */
    record Msg(String subscriptionId, byte[] message) implements NegentropyMessage {
    }

    /**
     * {@code ["NEG-CLOSE", subscriptionId]}, client to relay.
     *
     * @param subscriptionId the session's id
     */
    record Close(String subscriptionId) implements NegentropyMessage {
    }

    /**
     * {@code ["NEG-ERR", subscriptionId, reason]}, relay to client; the session is closed.
     *
     * @param subscriptionId the session's id
     * @param reason a NIP-01 prefixed reason such as {@code blocked: ...} or {@code closed: ...}
     */
    record Err(String subscriptionId, String reason) implements NegentropyMessage {
    }

    /**
     * Not a message: what {@link NegentropyMessages#parse(byte[])} returns for malformed input whose verb
     * starts with {@code NEG-}.
     *
     * @param subscriptionId the subscription id if one could be read, else {@code null}
     * @param reason why, prefixed {@code invalid:}
     */
    record Invalid(@Nullable String subscriptionId, String reason) implements NegentropyMessage {
    }
}
