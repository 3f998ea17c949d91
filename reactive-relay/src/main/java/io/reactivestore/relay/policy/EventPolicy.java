package io.reactivestore.relay.policy;

import io.reactivestore.event.Event;
import java.util.Optional;

/**
 * Decides whether the relay accepts an event (khatru's "reject event" hook). Policies run in the order
 * they were added, after the relay verified the event's id, signature and size limits, and before it
 * stores anything; the first rejection wins and is sent as {@code OK false}.
 *
 * <p>Called on the publishing connection's Netty event loop, concurrently for events of different
 * connections: implementations must be thread-safe, fast (microseconds) and never block; a policy that
 * needs I/O belongs in the store or behind a cache it refreshes in the background.
 */
@FunctionalInterface
public interface EventPolicy {

    /**
     * The rejection, or empty to let the event through. Must not throw.
     *
     * @param event the event
     * @param session the session
     * @return the rejection, or empty to let the event through
     */
    Optional<Rejection> check(Event event, RelaySession session);
}
