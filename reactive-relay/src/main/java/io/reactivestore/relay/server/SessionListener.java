package io.reactivestore.relay.server;

import io.reactivestore.relay.policy.RelaySession;

/**
 * Told when a client connects or disconnects (khatru's "on connect" / "on disconnect" hooks). Called on
 * the connection's event loop: must be fast and never block. An exception is logged and ignored.
 */
@FunctionalInterface
public interface SessionListener {

    /**
     * Called for {@code session}.
     *
     * @param session the connection concerned
     */
    void on(RelaySession session);
}
