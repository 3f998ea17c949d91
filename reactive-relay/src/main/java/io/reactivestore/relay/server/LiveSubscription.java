package io.reactivestore.relay.server;

import io.reactivestore.relay.policy.Rejection;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.NostrJson;
import io.reactivestore.event.RelayMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import reactor.core.Disposable;

/**
 * One open {@code REQ} of one connection: stored results, then {@code EOSE}, then live events, with
 * every matching event delivered exactly once across the EOSE boundary.
 *
 * <p>The subscription is registered for live events <em>before</em> its stored query starts. While the
 * query runs, live events are held back (at most {@code maxHeld}; more closes the subscription with
 * {@code CLOSED error:}) and the pages of stored results are remembered (by reference: no set of ids per
 * REQ). At EOSE, held events not delivered from the store follow, and the stored ids still
 * {@linkplain InFlightEvents in flight} stay remembered so their late live copy is skipped; both are
 * looked up only when there are held or in-flight events.
 *
 * <p>Thread-safe: stored results, live events and closing may come from different threads; one monitor
 * orders them. Lock order: this subscription, then the {@link OutboundQueue}.
 */
final class LiveSubscription {

    private final RelayConnection connection;
    private final String id;
    private final List<Filter> filters;
    private final byte[] eventPrefix;
    private final int maxHeld;
    private volatile boolean active = true;
    private boolean loading = true;
    private List<List<Event>> storedPages = new ArrayList<>();
    private List<Event> held = new ArrayList<>();
    private Set<String> lateDuplicates = Set.of();
    private volatile Disposable storedQuery;

    LiveSubscription(RelayConnection connection, String id, List<Filter> filters, int maxHeld) {
        this.connection = connection;
        this.id = id;
        this.filters = filters;
        this.maxHeld = maxHeld;
        this.eventPrefix = eventPrefix(id);
    }

    /**
     * {@code ["EVENT",<id>,} with the id JSON-escaped, cut from the encoding of {@code ["EOSE",<id>]}
     * so that the escaping rules live in one codec.
     */
    private static byte[] eventPrefix(String subscriptionId) {
        byte[] eose = NostrJson.write(new RelayMessage.Eose(subscriptionId));
        byte[] head = "[\"EVENT\",".getBytes(StandardCharsets.US_ASCII);
        int idLength = eose.length - "[\"EOSE\",".length() - 1;
        byte[] prefix = new byte[head.length + idLength + 1];
        System.arraycopy(head, 0, prefix, 0, head.length);
        System.arraycopy(eose, "[\"EOSE\",".length(), prefix, head.length, idLength);
        prefix[prefix.length - 1] = ',';
        return prefix;
    }

    String id() {
        return id;
    }

    List<Filter> filters() {
        return filters;
    }

    byte[] eventPrefix() {
        return eventPrefix;
    }

    RelayConnection connection() {
        return connection;
    }

    boolean isActive() {
        return active;
    }

    void storedQuery(Disposable query) {
        storedQuery = query;
        if (!active) {
            query.dispose();
        }
    }

    /** A page of stored results; {@code false} if it was not queued (the subscription ended). */
    synchronized boolean offerStored(List<Event> page) {
        if (!active) {
            return false;
        }
        if (!connection.outbound().offerStored(this, page)) {
            return false;
        }
        storedPages.add(page);
        return true;
    }

    /** A live event matching one of the filters. */
    synchronized void offerLive(Event event) {
        if (!active) {
            return;
        }
        if (loading) {
            if (held.size() >= maxHeld) {
                connection.endSubscription(this, Rejection.of(Rejection.Reason.ERROR,
                        "too many live events arrived while stored ones were loading"));
                return;
            }
            held.add(event);
            return;
        }
        if (!lateDuplicates.isEmpty() && lateDuplicates.remove(event.id())) {
            return;
        }
        connection.outbound().offerLive(this, event);
    }

    /** The stored query completed: send EOSE, then the held live events not already sent. */
    synchronized void endOfStored(InFlightEvents inFlight) {
        if (!active) {
            return;
        }
        connection.outbound().offer(this, new RelayMessage.Eose(id));
        if (!held.isEmpty()) {
            Set<String> storedIds = new HashSet<>();
            for (List<Event> page : storedPages) {
                for (Event event : page) {
                    storedIds.add(event.id());
                }
            }
            for (Event event : held) {
                if (!storedIds.contains(event.id())) {
                    connection.outbound().offerLive(this, event);
                }
            }
        }
        Set<String> late = null;
        if (!inFlight.isEmpty()) {
            for (List<Event> page : storedPages) {
                for (Event event : page) {
                    if (inFlight.contains(event.id())) {
                        if (late == null) {
                            late = new HashSet<>();
                        }
                        late.add(event.id());
                    }
                }
            }
        }
        lateDuplicates = late == null ? Set.of() : late;
        loading = false;
        storedPages = null;
        held = null;
    }

    /** Ends the subscription (CLOSE, replacement, disconnect, error); idempotent. */
    void deactivate() {
        active = false;
        Disposable query = storedQuery;
        if (query != null) {
            query.dispose();
        }
    }
}
