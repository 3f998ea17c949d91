package io.reactivestore.replica;

import java.util.Objects;

/**
 * A write that was queued for an asynchronous store but not confirmed written when the replica entered
 * its error state; {@link ReplicaFailedException#lost()} lists them so that nothing is dropped silently.
 *
 * @param asyncStore the index of the asynchronous store in the list given to the replica
 * @param operation what was to be done: {@code put} (a blob), {@code anchor-map} (moving the anchor map
 *     ref), {@code save}, {@code delete} or {@code nuke} (events)
 * @param key what it was done to: the blob or map ref, the event id, or empty for {@code nuke}
 */
public record LostWrite(int asyncStore, String operation, String key) {

    /**
     * Validates the components (see the class comment).
     *
     * @param asyncStore the index of the asynchronous store in the list given to the replica
     * @param operation what was to be done: {@code put} (a blob), {@code anchor-map} (moving the anchor map
     *     ref), {@code save}, {@code delete} or {@code nuke} (events)
     * @param key what it was done to: the blob or map ref, the event id, or empty for {@code nuke}
     */
    public LostWrite {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(key, "key");
    }
}
