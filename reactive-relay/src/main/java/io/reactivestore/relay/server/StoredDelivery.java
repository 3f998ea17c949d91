package io.reactivestore.relay.server;

import io.reactivestore.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.SignalType;

/**
 * Pulls one REQ's stored results from the store in pages ({@link io.reactivestore.store.EventStore#queryPages})
 * only as fast as the client takes them: before it asks for a page of at most {@value #BATCH} events it takes
 * that many {@linkplain OutboundQueue#acquireStoredCredits credits}, parks when the connection's stored window
 * cannot give them, and gives back the credits a shorter page did not use. A page goes to the connection as
 * one item, so the relay's cost per returned event is the rendering of its frame, not a signal through
 * operators, a lock and a queue. Expired events are dropped here. Completion sends EOSE; an error ends the
 * subscription with a {@code CLOSED} built by {@link ErrorMapping}.
 *
 * <p>The store's pages arrive on whatever thread requested them (for the memory store, the event loop that
 * read the REQ or the one that resumed a parked delivery): no thread hop per event or per page.
 */
final class StoredDelivery extends BaseSubscriber<List<Event>> {

    /** The most events in one page. */
    static final int BATCH = 64;
    /**
     * Stored results one connection may have waiting, written or not yet taken by the kernel: room for
     * four pages (about 150 KB of typical notes).
     */
    static final int WINDOW = 4 * BATCH;

    private final LiveSubscription subscription;
    private final OutboundQueue outbound;
    private final InFlightEvents inFlight;
    private final Expiration expiration;
    /** Credits held for the page requested and not yet received. */
    private final AtomicInteger outstanding = new AtomicInteger();

    StoredDelivery(LiveSubscription subscription, InFlightEvents inFlight, Expiration expiration) {
        this.subscription = subscription;
        this.outbound = subscription.connection().outbound();
        this.inFlight = inFlight;
        this.expiration = expiration;
    }

    @Override
    protected void hookOnSubscribe(Subscription s) {
        resume();
    }

    /** Takes a page's credits and requests the page, or parks until credits come back. */
    void resume() {
        if (isDisposed()) {
            return;
        }
        if (!outbound.acquireStoredCredits(BATCH)) {
            outbound.park(this);
            return;
        }
        outstanding.addAndGet(BATCH);
        if (isDisposed()) {
            outbound.releaseStoredCredits(outstanding.getAndSet(0));
            return;
        }
        request(1);
    }

    @Override
    protected void hookOnNext(List<Event> page) {
        int credits = outstanding.getAndSet(0);
        // zero only after hookFinally gave the credits back: a cancel raced this page, the subscription
        // has ended, and the page is not wanted
        if (credits == 0) {
            return;
        }
        List<Event> current = unexpired(page);
        int used = !current.isEmpty() && subscription.offerStored(current) ? current.size() : 0;
        outbound.releaseStoredCredits(credits - used);
        resume();
    }

    /** {@code page} without its expired events (the page itself when none has expired, as almost always). */
    private List<Event> unexpired(List<Event> page) {
        for (int i = 0; i < page.size(); i++) {
            if (expiration.isExpired(page.get(i))) {
                List<Event> kept = new ArrayList<>(page.size() - 1);
                kept.addAll(page.subList(0, i));
                for (int j = i + 1; j < page.size(); j++) {
                    Event event = page.get(j);
                    if (!expiration.isExpired(event)) {
                        kept.add(event);
                    }
                }
                return kept;
            }
        }
        return page;
    }

    @Override
    protected void hookOnComplete() {
        subscription.endOfStored(inFlight);
    }

    @Override
    protected void hookOnError(Throwable error) {
        subscription.connection().endSubscription(subscription, ErrorMapping.toRejection(error));
    }

    @Override
    protected void hookFinally(SignalType type) {
        outbound.unpark(this);
        outbound.releaseStoredCredits(outstanding.getAndSet(0));
    }
}
