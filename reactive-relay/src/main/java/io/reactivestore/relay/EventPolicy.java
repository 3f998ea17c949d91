package io.reactivestore.relay;

import io.reactivestore.event.Event;
import java.util.Optional;

/**
 * Decides whether the relay accepts an event (khatru's "reject event" hook). Policies run in the order
 * they were added, after the relay verified the event's id, signature and size limits, and before it
 * stores anything; the first rejection wins and is sent as {@code OK false}.
 *
 * <p>Called on a parallel-scheduler thread, concurrently for different events: implementations must be
 * thread-safe, fast and never block.
 */
@FunctionalInterface
public interface EventPolicy {

    /** The rejection, or empty to let the event through. Must not throw. */
    Optional<Rejection> check(Event event, Session session);
}
