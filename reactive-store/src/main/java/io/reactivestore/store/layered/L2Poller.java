package io.reactivestore.store.layered;

import io.reactivestore.event.Event;
import io.reactivestore.store.feed.ChangeFeed;
import io.reactivestore.store.feed.ChangeLog;
import io.reactivestore.store.feed.StoreChange;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The shared-L2 mode of a layered store: follows L2's change log ({@link ChangeFeed}) and keeps L1
 * coherent with it.
 *
 * <p>Each event another store instance stored is saved into L1 and then published on {@link #events()};
 * each removal (deletion, replaced version, nuke, by any instance) is deleted from L1 (without tombstone:
 * L2 holds the tombstones). The instance's own writes are recognised by their origin in L2, so they are
 * never published back. Changes are applied one at a time in feed order, every change exactly once
 * whatever its {@code created_at} (see {@link ChangeFeed} for the one caveat: a number committed later
 * than the gap timeout).
 */
final class L2Poller implements Disposable {

    private static final Logger LOG = LoggerFactory.getLogger(L2Poller.class);

    private final ChangeFeed feed;
    private final Function<Event, Mono<Void>> saveToL1;
    private final Function<String, Mono<Void>> removeFromL1;
    private final Counters counters;
    private final int subscriberBuffer;
    private final Sinks.Many<Event> published = Sinks.many().multicast().directBestEffort();
    private volatile @Nullable Disposable loop;

    L2Poller(ChangeLog l2, Function<Event, Mono<Void>> saveToL1, Function<String, Mono<Void>> removeFromL1,
             Duration frequency, int batchSize, Publisher<?> wakeUps, Scheduler scheduler, int subscriberBuffer,
             Counters counters) {
        this.feed = ChangeFeed.builder(l2).pollEvery(frequency).batchSize(batchSize)
                .wakeUps(Flux.from(wakeUps).map(String::valueOf)).scheduler(scheduler).build();
        this.saveToL1 = saveToL1;
        this.removeFromL1 = removeFromL1;
        this.counters = counters;
        this.subscriberBuffer = subscriberBuffer;
    }

    void start() {
        loop = feed.changes()
                .concatMap(this::apply, 1)
                .subscribe(null, e -> LOG.error("following L2 stopped; events of other nodes are no longer published", e));
    }

    private Mono<Void> apply(StoreChange change) {
        if (!change.isStored()) {
            return removeFromL1.apply(Objects.requireNonNull(change.removedId(), "a removal names its id"));
        }
        if (change.local()) {
            return Mono.empty();
        }
        Event event = Objects.requireNonNull(change.event(), "a change without removedId saves an event");
        return saveToL1.apply(event).doOnSuccess(v -> {
            counters.polled.increment();
            published.tryEmitNext(event);
        });
    }

    /**
     * Events of other nodes, as the feed finds them: a hot stream, live from subscription on. Each
     * subscriber has its own buffer of {@code subscriberBuffer} events; when a slow subscriber's buffer
     * is full, its oldest undelivered event is dropped (counted in {@link LayeredStats#eventsDropped()})
     * and the other subscribers are not held back.
     */
    Flux<Event> events() {
        return published.asFlux().onBackpressureBuffer(subscriberBuffer, dropped -> counters.eventsDropped.increment(),
                BufferOverflowStrategy.DROP_OLDEST);
    }

    /** {@return reads of L2's change log that failed so far} */
    long readErrors() {
        return feed.readErrors();
    }

    @Override
    public void dispose() {
        Disposable d = loop;
        if (d != null) {
            d.dispose();
        }
        published.tryEmitComplete();
    }

    @Override
    public boolean isDisposed() {
        Disposable d = loop;
        return d != null && d.isDisposed();
    }
}
