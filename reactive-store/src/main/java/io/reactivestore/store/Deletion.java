package io.reactivestore.store;

import io.reactivestore.internal.Hex;
import org.jspecify.annotations.Nullable;

/**
 * What {@link EventStore#delete(Deletion)} removes and what it blocks afterwards.
 *
 * @param eventId the id of the event to delete (64 lowercase hex characters)
 * @param author when not {@code null}, only an event by this pubkey is deleted, and the tombstone
 *     blocks only events with this id <em>and</em> this author; so a stranger's deletion of an id
 *     never blocks the real author's event (NIP-09)
 * @param tombstone whether to remember the deletion so that saving the same id again is refused
 *     with {@link SaveResult#DELETED}
 */
public record Deletion(String eventId, @Nullable String author, boolean tombstone) {

    /**
     * Validates the components (see the class comment).
     *
     * @param eventId the id of the event to delete (64 lowercase hex characters)
     * @param author when not {@code null}, only an event by this pubkey is deleted, and the tombstone
     *     blocks only events with this id <em>and</em> this author; so a stranger's deletion of an id
     *     never blocks the real author's event (NIP-09)
     * @param tombstone whether to remember the deletion so that saving the same id again is refused
     *     with {@link SaveResult#DELETED}
     */
    public Deletion {
        if (eventId == null || !Hex.isLowerHex(eventId, 64)) {
            throw new IllegalArgumentException("eventId: must be 64 lowercase hex characters");
        }
        if (author != null && !Hex.isLowerHex(author, 64)) {
            throw new IllegalArgumentException("author: must be 64 lowercase hex characters");
        }
    }

    /**
     * Deletes {@code eventId} whoever wrote it, leaving a tombstone.
     *
     * @param eventId the event's id (64 lowercase hex characters)
     * @return the deletion
     */
    public static Deletion of(String eventId) {
        return new Deletion(eventId, null, true);
    }

    /**
     * Deletes {@code eventId} only if {@code author} wrote it; the tombstone is keyed by (id, author).
     *
     * @param eventId the event's id (64 lowercase hex characters)
     * @param author the author's public key (64 lowercase hex characters)
     * @return the deletion
     */
    public static Deletion byAuthor(String eventId, String author) {
        return new Deletion(eventId, author, true);
    }

    /** {@return the same deletion without a tombstone} */
    public Deletion withoutTombstone() {
        return new Deletion(eventId, author, false);
    }

    /**
     * Whether a tombstone left by this deletion forbids {@code (id, pubkey)}.
     *
     * @param id the id (64 lowercase hex characters)
     * @param pubkey the author's public key (64 lowercase hex characters)
     * @return whether a tombstone left by this deletion forbids {@code (id, pubkey)}
     */
    public boolean blocks(String id, String pubkey) {
        return tombstone && eventId.equals(id) && (author == null || author.equals(pubkey));
    }
}
