package io.reactivestore.relay.policy;

import io.reactivestore.event.Event;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** NIP-13 proof of work: the number of leading zero bits of an event id. */
public final class ProofOfWork {

    private ProofOfWork() {
    }

    /**
     * Leading zero bits of a lowercase hex id.
     *
     * @param hexId the id in lowercase hex
     * @return leading zero bits of a lowercase hex id
     */
    public static int difficulty(String hexId) {
        int bits = 0;
        for (int i = 0; i < hexId.length(); i++) {
            int nibble = Character.digit(hexId.charAt(i), 16);
            if (nibble == 0) {
                bits += 4;
            } else {
                return bits + Integer.numberOfLeadingZeros(nibble) - 28;
            }
        }
        return bits;
    }

    /**
     * The target difficulty committed in the event's {@code nonce} tag (its third element), or {@code null}.
     *
     * @param event the event
     * @return the target difficulty committed in the event's {@code nonce} tag (its third element), or {@code null}
     */
    public static @Nullable Integer committedTarget(Event event) {
        for (List<String> tag : event.tags()) {
            if (tag.size() > 2 && tag.get(0).equals("nonce")) {
                try {
                    return Integer.parseInt(tag.get(2));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
