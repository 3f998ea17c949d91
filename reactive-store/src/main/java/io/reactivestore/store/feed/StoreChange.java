package io.reactivestore.store.feed;

import io.reactivestore.event.Event;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One numbered change of a shared store: an event stored, or an event removed (deleted, replaced by a
 * newer version, purged).
 *
 * @param sequence the change's position in the store's insertion sequence (positive, unique, increasing
 *     in the order the database handed the numbers out, which is not always the order of the commits)
 * @param local whether the store instance reading the change is the one that wrote it
 * @param event the stored event, or {@code null} for a removal
 * @param removedId the id of the removed event, or {@code null} for a stored event
 */
public record StoreChange(long sequence, boolean local, @Nullable Event event, @Nullable String removedId) {

    /**
     * Validates that exactly one of {@code event} and {@code removedId} is set.
     *
     * @param sequence the change's position in the insertion sequence
     * @param local whether the reading store instance wrote it
     * @param event the stored event, or {@code null}
     * @param removedId the removed event's id, or {@code null}
     * @throws IllegalArgumentException if both or neither are set, or {@code sequence} is not positive
     */
    public StoreChange {
        if (sequence <= 0) {
            throw new IllegalArgumentException("sequence: must be positive, got " + sequence);
        }
        if ((event == null) == (removedId == null)) {
            throw new IllegalArgumentException("exactly one of event and removedId must be set");
        }
    }

    /**
     * A stored event.
     *
     * @param sequence its insertion sequence
     * @param local whether the reading store instance wrote it
     * @param event the event
     * @return the change
     */
    public static StoreChange stored(long sequence, boolean local, Event event) {
        return new StoreChange(sequence, local, Objects.requireNonNull(event, "event"), null);
    }

    /**
     * A removed event.
     *
     * @param sequence the removal's insertion sequence
     * @param eventId the removed event's id
     * @return the change (never local: a removal is applied alike wherever it came from)
     */
    public static StoreChange removed(long sequence, String eventId) {
        return new StoreChange(sequence, false, null, Objects.requireNonNull(eventId, "eventId"));
    }

    /** {@return whether this change is an event stored (else a removal)} */
    public boolean isStored() {
        return event != null;
    }
}
