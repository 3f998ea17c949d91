package io.reactivestore.relay.server;

import io.reactivestore.relay.message.MessageJson;
import io.reactivestore.relay.policy.Rejection;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.relay.message.RelayMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
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

    /** How long the stored ids stay remembered after EOSE when external events are delivered. */
    static final long RECENT_STORED_SECONDS = 10;

    private final RelayConnection connection;
    private final String id;
    private final List<Filter> filters;
    private final byte[] eventPrefix;
    private final int maxHeld;
    /** When the REQ arrived, for the REQ-to-EOSE latency (0 without metrics). */
    private final long started;
    private volatile boolean active = true;
    private boolean loading = true;
    private List<List<Event>> storedPages = new ArrayList<>();
    private List<Event> held = new ArrayList<>();
    private Set<String> lateDuplicates = Set.of();
    /** With external events: the stored ids, remembered until {@link #recentStoredUntil} (nanoTime). */
    private final boolean rememberStored;
    private @Nullable Set<String> recentStored;
    private long recentStoredUntil;
    private volatile @Nullable Disposable storedQuery;

    /**
     * @param started when the REQ arrived, {@link io.reactivestore.relay.internal.RelayMetrics#now()}: the start of
     *                its REQ-to-EOSE latency
     */
    LiveSubscription(RelayConnection connection, String id, List<Filter> filters, int maxHeld, long started) {
        this(connection, id, filters, maxHeld, false, started);
    }

    /**
     * With {@code rememberStored} (the relay delivers external events, such as other cluster nodes'
     * events), the ids of the stored results stay remembered for {@value #RECENT_STORED_SECONDS} s after
     * EOSE: an event another node stored, which the stored query already returned, may arrive through
     * the external feed a moment later and is skipped then. Bounded by the stored results' count, and
     * dropped at the first live event after the deadline.
     */
    LiveSubscription(RelayConnection connection, String id, List<Filter> filters, int maxHeld,
                     boolean rememberStored, long started) {
        this.rememberStored = rememberStored;
        this.connection = connection;
        this.id = id;
        this.filters = filters;
        this.maxHeld = maxHeld;
        this.eventPrefix = eventPrefix(id);
        this.started = started;
    }

    /**
     * {@code ["EVENT",<id>,} with the id JSON-escaped, cut from the encoding of {@code ["EOSE",<id>]}
     * so that the escaping rules live in one codec.
     */
    private static byte[] eventPrefix(String subscriptionId) {
        byte[] eose = MessageJson.write(new RelayMessage.Eose(subscriptionId));
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
        if (recentStored != null) {
            if (System.nanoTime() - recentStoredUntil > 0) {
              recentStored = null;
            } else if (recentStored.remove(event.id())) {
                return;
            }
        }
        deliverLive(event);
    }

    private void deliverLive(Event event) {
        if (connection.outbound().offerLive(this, event)) {
            connection.metrics().liveDelivered();
        }
    }

    /** The stored query completed: send EOSE, then the held live events not already sent. */
    synchronized void endOfStored(InFlightEvents inFlight) {
        if (!active) {
            return;
        }
        connection.outbound().offer(this, new RelayMessage.Eose(id));
        connection.metrics().storedAnswered(started);
        Set<String> storedIds = held.isEmpty() && !rememberStored ? Set.of() : storedIds();
        for (Event event : held) {
            if (!storedIds.contains(event.id())) {
                deliverLive(event);
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
        if (rememberStored && !storedIds.isEmpty()) {
            recentStored = storedIds;
            recentStoredUntil = System.nanoTime() + RECENT_STORED_SECONDS * 1_000_000_000L;
        }
        loading = false;
        storedPages = List.of(); // released: both are used only until EOSE
        held = List.of();
    }

    /** The ids of the stored results, from the pages kept until EOSE. */
    private Set<String> storedIds() {
        Set<String> ids = new HashSet<>();
        for (List<Event> page : storedPages) {
            for (Event event : page) {
                ids.add(event.id());
            }
        }
        return ids;
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
