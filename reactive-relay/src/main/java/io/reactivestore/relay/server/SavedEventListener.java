package io.reactivestore.relay.server;

import io.reactivestore.relay.policy.RelaySession;

import io.reactivestore.event.Event;

/**
 * Told after the relay durably stored an event, before it answers {@code OK} (khatru's "on event saved"
 * hook). Not called for duplicates, ephemeral events or events that were refused. Called on the thread
 * that completed the save: must be fast and never block; hand heavy work to a bounded queue of your own.
 * An exception is logged and ignored.
 */
@FunctionalInterface
public interface SavedEventListener {

    /**
     * Called once the store saved {@code event}.
     *
     * @param event the saved event
     * @param session the connection that published it
     */
    void onSaved(Event event, RelaySession session);
}
