package io.reactivestore.anchor;

import io.reactivestore.blob.Ref;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an anchor's history: from {@code at} on, the anchor {@code name} points at {@code ref}
 * (until its next entry).
 *
 * @param name the anchor's constant name (not empty)
 * @param ref the blob it points at
 * @param at when it started pointing there
 */
public record Anchor(String name, Ref ref, Instant at) {

    /**
     * Validates the components (see the class comment).
     *
     * @param name the anchor's constant name (not empty)
     * @param ref the blob it points at
     * @param at when it started pointing there
     */
    public Anchor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(at, "at");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name: must not be empty");
        }
    }
}
