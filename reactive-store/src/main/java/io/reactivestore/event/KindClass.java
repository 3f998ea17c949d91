package io.reactivestore.event;

/**
 * How NIP-01 asks relays to store an event of a given kind.
 *
 * <ul>
 *   <li>{@link #REGULAR}: every event is kept.
 *   <li>{@link #REPLACEABLE}: kinds 0, 3 and 10000-19999; only the latest event per (kind, pubkey) is kept.
 *   <li>{@link #EPHEMERAL}: kinds 20000-29999; delivered live, not expected to be stored.
 *   <li>{@link #ADDRESSABLE}: kinds 30000-39999; only the latest event per (kind, pubkey, {@code d} tag)
 *       is kept, a missing {@code d} tag counting as the empty string.
 * </ul>
 * "Latest" means the highest {@code created_at}; on equal {@code created_at}, the lowest id.
 */
public enum KindClass {
    /** Stored; every event kept (kinds 1, 2, 4-44, 1000-9999). */
    REGULAR,
    /** Only the latest per author and kind kept (kinds 0, 3, 10000-19999). */
    REPLACEABLE,
    /** Not stored, only delivered live (kinds 20000-29999). */
    EPHEMERAL,
    /** Only the latest per author, kind and {@code d} tag kept (kinds 30000-39999). */
    ADDRESSABLE;

    /** Lowest and highest kind values allowed by NIP-01. */
    public static final int MIN_KIND = 0;
    /** The largest kind NIP-01 allows. */
    public static final int MAX_KIND = 65535;

    /**
     * The class of {@code kind}; kinds outside 0-65535 are rejected by {@link Event}, not here.
     *
     * @param kind the event kind (0-65535)
     * @return the class of {@code kind}; kinds outside 0-65535 are rejected by {@link Event}, not here
     */
    public static KindClass of(int kind) {
        if (kind == 0 || kind == 3 || (kind >= 10000 && kind < 20000)) {
            return REPLACEABLE;
        }
        if (kind >= 20000 && kind < 30000) {
            return EPHEMERAL;
        }
        if (kind >= 30000 && kind < 40000) {
            return ADDRESSABLE;
        }
        return REGULAR;
    }

    /** {@return whether events of this class replace older events with the same address} */
    public boolean isReplacing() {
        return this == REPLACEABLE || this == ADDRESSABLE;
    }
}
