package io.reactivestore.relay.policy;

import io.reactivestore.event.Filter;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether the relay serves a {@code REQ} or {@code COUNT} (khatru's "reject filter" hook). A
 * rejection is sent as {@code CLOSED}. Policies run in the order they were added, on the connection's
 * event loop: they must be fast, thread-safe and never block.
 */
@FunctionalInterface
public interface FilterPolicy {

    /**
     * The rejection, or empty to serve the request. Must not throw.
     *
     * @param filters the filters; an event matches if it matches any of them
     * @param session the session
     * @return the rejection, or empty to serve the request
     */
    Optional<Rejection> check(List<Filter> filters, RelaySession session);
}
