package io.reactivestore.store;

/** What {@link EventStore#save} did with an event. */
public enum SaveResult {
    /** Stored; it was not there before. */
    SAVED,
    /** Already stored (same id); nothing changed. */
    DUPLICATE,
    /** Stored, and it replaced an older version at the same replaceable address. */
    REPLACED,
    /** Not stored: a newer version (or an equally new one with a lower id) of its replaceable address exists. */
    OUTDATED,
    /** Not stored: a tombstone forbids this id (see {@link EventStore#delete(Deletion)}). */
    DELETED;

    /** {@return whether the event is in the store after the save (a duplicate already was)} */
    public boolean isStored() {
        return this == SAVED || this == DUPLICATE || this == REPLACED;
    }
}
