package io.reactivestore.store.layered;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
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
 * The shared-L2 mode of a layered store: learns of events other nodes saved into L2.
 *
 * <p>Every {@code frequency}, and at once whenever {@code wakeUps} signals (PostgreSQL notifications),
 * it queries L2 for events with {@code created_at} at or after the newest one seen so far minus
 * {@code frequency x overlap} (at most {@code limit} of them, newest first), saves those it has not seen
 * yet into L1 and publishes them on {@link #events()}. Polls never overlap: ticks arriving during a poll
 * are merged into one next poll. A failed poll is counted and the next tick polls again.
 *
 * <p>"Seen" means published by a poll or saved through this node; the memory of seen ids is bounded
 * ({@code recentIds}, least recently added forgotten first), so after that many newer events an old
 * one still inside the overlap window could be published twice. Like the layer2 design, the window
 * follows {@code created_at}: an event another node saves with a {@code created_at} older than the
 * window is not published live (it is still found by queries). A {@code created_at} in the future does
 * not move the window past the present.
 */
final class L2Poller implements Disposable {

    private static final Logger LOG = LoggerFactory.getLogger(L2Poller.class);

    private final EventStore l2;
    private final Function<Event, Mono<Void>> saveToL1;
    private final Duration frequency;
    private final long windowSeconds;
    private final int limit;
    private final Publisher<?> wakeUps;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Counters counters;
    private final int subscriberBuffer;
    private final Map<String, Boolean> seen;
    private final Sinks.Many<Event> published = Sinks.many().multicast().directBestEffort();
    private volatile long newestSeen;
    private volatile Disposable loop;

    L2Poller(EventStore l2, Function<Event, Mono<Void>> saveToL1, Duration frequency, int overlap, int limit,
             Publisher<?> wakeUps, Scheduler scheduler, Clock clock, int recentIds, int subscriberBuffer,
             Counters counters) {
        this.l2 = l2;
        this.saveToL1 = saveToL1;
        this.frequency = frequency;
        this.windowSeconds = Math.max(1, (frequency.toMillis() * overlap + 999) / 1000);
        this.limit = limit;
        this.wakeUps = wakeUps;
        this.scheduler = scheduler;
        this.clock = clock;
        this.counters = counters;
        this.subscriberBuffer = subscriberBuffer;
        this.seen = new LinkedHashMap<>(Math.min(recentIds, 1 << 16), 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > recentIds;
            }
        };
        this.newestSeen = nowSeconds();
    }

    private long nowSeconds() {
        return clock.millis() / 1000;
    }

    void start() {
        Flux<Object> ticks = Flux.merge(Flux.interval(frequency, frequency, scheduler),
                Flux.from(wakeUps).onErrorResume(e -> {
                    LOG.warn("wake-up signals failed; polling goes on every {}", frequency, e);
                    return Flux.empty();
                }));
        loop = ticks.onBackpressureLatest()
                .concatMap(tick -> poll().onErrorResume(e -> {
                    counters.pollErrors.increment();
                    LOG.warn("polling L2 failed; retrying at the next tick", e);
                    return Mono.empty();
                }), 1)
                .subscribe(null, e -> LOG.error("polling stopped; events of other nodes are no longer published", e));
    }

    /**
     * Events of other nodes, as polls find them: a hot stream, live from subscription on. Each
     * subscriber has its own buffer of {@code subscriberBuffer} events; when a slow subscriber's buffer
     * is full, its oldest undelivered event is dropped (counted in {@link LayeredStats#eventsDropped()})
     * and the other subscribers are not held back.
     */
    Flux<Event> events() {
        return published.asFlux().onBackpressureBuffer(subscriberBuffer, dropped -> counters.eventsDropped.increment(),
                BufferOverflowStrategy.DROP_OLDEST);
    }

    /** Records an event saved through this node, so that polls do not publish it back. */
    void seenLocally(Event event) {
        firstSight(event);
    }

    private boolean firstSight(Event event) {
        boolean first;
        synchronized (seen) {
            first = seen.put(event.id(), Boolean.TRUE) == null;
        }
        long capped = Math.min(event.createdAt(), nowSeconds());
        if (capped > newestSeen) {
            newestSeen = capped;
        }
        return first;
    }

    /** One poll: new events are saved into L1 and published; emits how many. */
    Mono<Long> poll() {
        return Mono.defer(() -> {
            long since = Math.max(0, Math.min(newestSeen, nowSeconds()) - windowSeconds);
            Filter window = Filter.builder().since(since).limit(limit).build();
            return l2.query(window)
                    .filter(this::firstSight)
                    .concatMap(event -> saveToL1.apply(event).thenReturn(event))
                    .doOnNext(event -> {
                        counters.polled.increment();
                        published.tryEmitNext(event);
                    })
                    .count();
        });
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
