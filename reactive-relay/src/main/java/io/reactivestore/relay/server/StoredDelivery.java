package io.reactivestore.relay.server;

import io.reactivestore.event.Event;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.SignalType;

/**
 * Pulls one REQ's stored results from the store only as fast as the client takes them: it asks the
 * store for as many events as it holds {@linkplain OutboundQueue#acquireStoredCredits credits} (at
 * most {@value #BATCH} at a time) and parks when the connection's stored window is full. Completion
 * sends EOSE; an error ends the subscription with a {@code CLOSED} built by {@link ErrorMapping}.
 */
final class StoredDelivery extends BaseSubscriber<Event> {

    static final int BATCH = 64;
    /**
     * Stored results one connection may have waiting, written or not yet taken by the kernel: room for
     * four REQs of one batch each (about 150 KB of typical notes).
     */
    static final int WINDOW = 4 * BATCH;

    private final LiveSubscription subscription;
    private final OutboundQueue outbound;
    private final InFlightEvents inFlight;
    /** Credits held for events requested and not yet received. */
    private final AtomicInteger outstanding = new AtomicInteger();

    StoredDelivery(LiveSubscription subscription, InFlightEvents inFlight) {
        this.subscription = subscription;
        this.outbound = subscription.connection().outbound();
        this.inFlight = inFlight;
    }

    @Override
    protected void hookOnSubscribe(Subscription s) {
        resume();
    }

    /** Takes credits and requests that many events, or parks until credits come back. */
    void resume() {
        if (isDisposed()) {
            return;
        }
        int credits = outbound.acquireStoredCredits(BATCH);
        if (credits == 0) {
            outbound.park(this);
            return;
        }
        outstanding.addAndGet(credits);
        if (isDisposed()) {
            outbound.releaseStoredCredits(outstanding.getAndSet(0));
            return;
        }
        request(credits);
    }

    @Override
    protected void hookOnNext(Event event) {
        int left = outstanding.decrementAndGet();
        // Credits are added before each request and taken one per event, so this is negative only after
        // hookFinally gave them back: a cancel raced this event, the subscription has ended, and the event
        // is not wanted.
        if (left < 0) {
            outstanding.incrementAndGet();
            return;
        }
        if (!subscription.offerStored(event)) {
            outbound.releaseStoredCredits(1);
        }
        if (left == 0) {
            resume();
        }
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
