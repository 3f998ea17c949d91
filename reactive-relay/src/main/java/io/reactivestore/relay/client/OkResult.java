package io.reactivestore.relay.client;

import java.util.Objects;

/**
 * A relay's answer to a published event: NIP-01 {@code ["OK", eventId, accepted, message]}.
 *
 * <p>An answer with {@code accepted == false} is a value, not an error: the relay was reached and
 * said no, for the machine-readable {@link #prefix()} ({@code blocked}, {@code invalid},
 * {@code rate-limited}, {@code auth-required}, ...). A {@code duplicate:} answer is accepted.
 *
 * @param eventId the id of the published event
 * @param accepted whether the relay stored (or already had) the event
 * @param message the relay's message, {@code ""} when it gave none
 */
public record OkResult(String eventId, boolean accepted, String message) {

    /**
     * Validates the components (see the class comment).
     *
     * @param eventId the id of the published event
     * @param accepted whether the relay stored (or already had) the event
     * @param message the relay's message, {@code ""} when it gave none
     */
    public OkResult {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The machine-readable prefix of {@link #message()} without its colon ({@code "duplicate"},
     * {@code "blocked"}, ...), or {@code ""} when the message has none.
     *
     * @return the machine-readable prefix of {@link #message()} without its colon ({@code "duplicate"}, {@code "blocked"}, ...), or {@code ""} when the message has none
     */
    public String prefix() {
        return prefixOf(message);
    }

    /** {@return whether the relay already had the event ({@code duplicate:})} */
    public boolean isDuplicate() {
        return "duplicate".equals(prefix());
    }

    /**
     * The machine-readable prefix of a NIP-01 {@code OK} or {@code CLOSED} message: the single word
     * before the first colon, or {@code ""} when the message does not start with {@code word:}.
     *
     * @param message the message
     * @return the machine-readable prefix of a NIP-01 {@code OK} or {@code CLOSED} message: the single word before the first colon, or {@code ""} when the message does not start with {@code word:}
     */
    public static String prefixOf(String message) {
        int colon = message.indexOf(':');
        if (colon <= 0) {
            return "";
        }
        for (int i = 0; i < colon; i++) {
            char c = message.charAt(i);
            if (!(c >= 'a' && c <= 'z') && c != '-') {
                return "";
            }
        }
        return message.substring(0, colon);
    }
}
