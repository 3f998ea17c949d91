package io.reactivestore.relay.client;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.relay.client.SubscriptionItem;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One open {@code REQ}: its filters, its bounded item buffer and its place relative to {@code EOSE},
 * kept across reconnects. Thread-safe: every method synchronizes on this subscription, so items are
 * emitted one at a time.
 */
final class ClientSubscription {

    /** Ids remembered per subscription so that a resent {@code REQ} does not deliver an event twice. */
    static final int REMEMBERED_IDS = 4096;

    /** What became of an item offered to the subscriber. */
    enum Offered { DELIVERED, SKIPPED, BUFFER_FULL }

    private final String id;
    private final List<Filter> filters;
    private final Sinks.Many<SubscriptionItem> sink;
    private final RecentIds delivered = new RecentIds(REMEMBERED_IDS);
    private @Nullable ClientConnection sentOn;
    private boolean endOfStoredSeen;
    private long resumeSince = -1;
    private boolean authRetried;

    ClientSubscription(String id, List<Filter> filters, int bufferSize) {
        this.id = id;
        this.filters = List.copyOf(filters);
        this.sink = Sinks.many().unicast().onBackpressureBuffer(new BoundedQueue<>(bufferSize));
    }

    String id() {
        return id;
    }

    /** The items; one subscriber. */
    Flux<SubscriptionItem> items() {
        return sink.asFlux();
    }

    /**
     * The filters to send on {@code session}, or {@code null} if they were already sent there. After a
     * reconnect past {@code EOSE} they ask only for events since the disconnect (minus overlap), no limit.
     */
    synchronized @Nullable List<Filter> claimSendOn(ClientConnection session) {
        if (sentOn == session) {
            return null;
        }
        sentOn = session;
        if (resumeSince < 0) {
            return filters;
        }
        List<Filter> resumed = new ArrayList<>(filters.size());
        for (Filter f : filters) {
            long since = f.since() == null ? resumeSince : Math.max(f.since(), resumeSince);
            resumed.add(new Filter(f.ids(), f.authors(), f.kinds(), f.tags(), since, f.until(), null, f.search()));
        }
        return resumed;
    }

    /** Whether the {@code REQ} went out on {@code session} (so a {@code CLOSE} there makes sense). */
    synchronized boolean wasSentOn(ClientConnection session) {
        return session != null && sentOn == session;
    }

    /** Lets {@link #claimSendOn} succeed again on the current session (resend after AUTH). */
    synchronized void forgetSession() {
        sentOn = null;
    }

    /** True the first time only: a subscription is retried after authentication at most once. */
    synchronized boolean claimAuthRetry() {
        if (authRetried) {
            return false;
        }
        authRetried = true;
        return true;
    }

    /** The connection dropped at {@code nowSeconds}: remember where live delivery has to resume. */
    synchronized void disconnected(long nowSeconds, long overlapSeconds) {
        sentOn = null;
        if (endOfStoredSeen && resumeSince < 0) {
            resumeSince = Math.max(0, nowSeconds - overlapSeconds);
        }
    }

    synchronized Offered offer(Event event) {
        if (!delivered.add(event.id())) {
            return Offered.SKIPPED;
        }
        SubscriptionItem item = endOfStoredSeen ? new SubscriptionItem.Live(event) : new SubscriptionItem.Stored(event);
        return emit(item);
    }

    /** The relay's {@code EOSE}: emitted once; the one answering a resumed {@code REQ} ends the resume. */
    synchronized Offered endOfStored() {
        if (endOfStoredSeen) {
            resumeSince = -1;
            return Offered.SKIPPED;
        }
        endOfStoredSeen = true;
        return emit(SubscriptionItem.EndOfStored.INSTANCE);
    }

    synchronized void complete() {
        sink.tryEmitComplete();
    }

    synchronized void fail(Throwable error) {
        sink.tryEmitError(error);
    }

    private Offered emit(SubscriptionItem item) {
        Sinks.EmitResult result = sink.tryEmitNext(item);
        if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
            return Offered.BUFFER_FULL;
        }
        return result.isSuccess() ? Offered.DELIVERED : Offered.SKIPPED;
    }
}
