package io.reactivestore.outbox;

import java.util.Objects;
import java.util.UUID;

/**
 * What {@link OutboxStore#store(byte[], String)} did with an event: its derived {@code id} and the
 * {@link Outcome}. Only {@link Outcome#STORED} changed the store.
 */
public record StoreResult(UUID id, Outcome outcome) {

    /**
     * Validates the components.
     *
     * @param id the event's id, derived from its type and data
     * @param outcome what the store did
     */
    public StoreResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The three ways a {@code store} call ends without error. */
    public enum Outcome {
        /** Newly stored: it is in {@link OutboxStore#unreceived()} until marked. */
        STORED,
        /** Already stored (in whatever state it is in now); nothing changed. */
        ALREADY_STORED,
        /** The {@link ProcessedCheck} said the event was already processed; it was not stored. */
        ALREADY_PROCESSED
    }
}
