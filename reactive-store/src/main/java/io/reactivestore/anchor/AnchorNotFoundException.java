package io.reactivestore.anchor;

import io.reactivestore.ReactiveStoreException;
import java.time.Instant;

/**
 * {@link AnchorStore#get(String, Instant)} found no entry: the name is unknown, {@code at} is before
 * its first entry, or the store has no anchor map yet. Not transient.
 */
public final class AnchorNotFoundException extends ReactiveStoreException {

    private static final long serialVersionUID = 1L;

    /** The anchor asked for. */
    private final String name;
    /** The time asked for. */
    private final Instant at;

    /**
     * Creates the exception.
     *
     * @param name the name
     * @param at the point in time
     */
    public AnchorNotFoundException(String name, Instant at) {
        super("no anchor " + name + " at " + at);
        this.name = name;
        this.at = at;
    }

    /** {@return the anchor name asked for} */
    public String name() {
        return name;
    }

    /** {@return the time asked for} */
    public Instant at() {
        return at;
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
