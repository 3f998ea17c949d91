package io.reactivestore.store.layered;

import io.reactivestore.event.Event;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

/**
 * Saves events that queries found only in L2 into L1, off the query path.
 *
 * <p>Queries {@link #offer} events into a bounded queue of {@code capacity} events (rounded up to a
 * power of two) and go on at once;
 * one long-lived subscription owned by this component (from {@link #start()} to {@link #dispose()})
 * drains the queue on {@code scheduler}, saving at most {@value #CONCURRENCY} events into L1 at a time.
 * When the drain falls behind and the queue is full, offered events are dropped and counted
 * ({@link LayeredStats#backfillDropped()}): they stay in L2, and the next query that finds them offers
 * them again. Offering never blocks beyond a short lock that serializes emission into the queue.
 *
 * <p>{@link #idle()} tells when the queue has drained: it counts events accepted into the queue and not
 * yet saved (or failed) in L1.
 */
final class Backfill implements Disposable {

    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
    static final int CONCURRENCY = 4;
    private static final int PREFETCH = 32;

    private final Sinks.Many<Event> queue;
    private final Object emitLock = new Object();
    private final Function<Event, Mono<Void>> saveToL1;
    private final Scheduler scheduler;
    private final Counters counters;
    private volatile @Nullable Disposable drain;
    /** Events accepted into the queue whose save into L1 has not ended yet. */
    private final AtomicLong pending = new AtomicLong();
    /** Subscribers of {@link #idle()} waiting for {@code pending} to reach zero; one entry per subscriber. */
    private final Queue<MonoSink<Void>> idleWaiters = new ConcurrentLinkedQueue<>();

    Backfill(int capacity, Function<Event, Mono<Void>> saveToL1, Scheduler scheduler, Counters counters) {
        this.queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<Event>get(capacity).get());
        this.saveToL1 = saveToL1;
        this.scheduler = scheduler;
        this.counters = counters;
    }

    void start() {
        drain = queue.asFlux()
                .publishOn(scheduler, PREFETCH)
                .flatMap(event -> saveToL1.apply(event).doFinally(signal -> done()), CONCURRENCY)
                .subscribe(null, e -> LOG.error("the back-fill stopped; L1 is no longer filled from L2", e));
    }

    /** Queues {@code event} for L1, or drops and counts it if the queue is full or closed. */
    void offer(Event event) {
        Sinks.EmitResult result;
        pending.incrementAndGet();
        synchronized (emitLock) {
            result = queue.tryEmitNext(event);
        }
        if (result.isFailure()) {
            counters.backfillDropped.increment();
            done();
        }
    }

    /**
     * Completes once nothing is queued and no back-fill save is running, at some moment after subscription
     * (at once if that is already so); completes too when the back-fill is disposed. Cancelling stops waiting.
     */
    Mono<Void> idle() {
        return Mono.create(sink -> {
            idleWaiters.add(sink);
            sink.onCancel(() -> idleWaiters.remove(sink));
            if (pending.get() == 0 || isDisposed()) {
                wakeIdleWaiters();
            }
        });
    }

    private void done() {
        if (pending.decrementAndGet() == 0) {
            wakeIdleWaiters();
        }
    }

    private void wakeIdleWaiters() {
        MonoSink<Void> waiter;
        while ((waiter = idleWaiters.poll()) != null) {
            waiter.success();
        }
    }

    @Override
    public void dispose() {
        Disposable d = drain;
        if (d != null) {
            d.dispose();
        }
        synchronized (emitLock) {
            queue.tryEmitComplete();
        }
        wakeIdleWaiters();
    }

    @Override
    public boolean isDisposed() {
        Disposable d = drain;
        return d != null && d.isDisposed();
    }
}
