package io.reactivestore.outbox;

import io.reactivestore.store.StoreClosedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Signal;
import reactor.core.publisher.Sinks;

/**
 * Runs submitted writes one at a time, in submission order, without a lock and without blocking or spinning
 * any thread: writes go into a multi-producer {@link FluxSink} ({@code Flux.create}, which queues concurrent
 * emissions instead of refusing them) drained by one long-lived {@code concatMap} subscription that this queue
 * owns.
 *
 * <p>At most {@code capacity} writes wait or run at once; one more fails at once with
 * {@link OutboxBusyException}. A write whose subscriber cancels before it starts is skipped; once started it
 * runs to its end (its result is dropped), so the next write never overlaps it. Results are delivered on the
 * thread that completed the write; the subscriber's context does not reach the write.
 */
final class WriteQueue {

    /** Flag in {@link #submitters}: closed, no new submitter may enter. */
    private static final int CLOSED = 1 << 30;

    private final String name;
    private final int capacity;
    private final AtomicInteger queued = new AtomicInteger();
    /** Submitters between their closed check and their emission, plus the {@link #CLOSED} flag. */
    private final AtomicInteger submitters = new AtomicInteger();
    private final FluxSink<Write<?>> writes;
    private final Sinks.Empty<Void> drained = Sinks.empty();

    WriteQueue(String name, int capacity) {
        this.name = name;
        this.capacity = capacity;
        AtomicReference<FluxSink<Write<?>>> sink = new AtomicReference<>();
        Flux.<Write<?>>create(sink::set, FluxSink.OverflowStrategy.BUFFER) // bounded by capacity, see submit
                .concatMap(Write::run, 0)
                .subscribe(null, drained::tryEmitError, drained::tryEmitEmpty);
        this.writes = sink.get(); // Flux.create calls sink::set on subscription, synchronously
    }

    /** {@code work} run in its turn; see the class description. */
    <T> Mono<T> submit(Mono<T> work) {
        return Mono.create(sink -> {
            if (!enter()) {
                sink.error(new StoreClosedException(name));
                return;
            }
            try {
                if (queued.incrementAndGet() > capacity) {
                    queued.decrementAndGet();
                    sink.error(new OutboxBusyException(capacity));
                    return;
                }
                Write<T> write = new Write<>(work, sink, queued);
                sink.onCancel(write::cancel);
                writes.next(write);
            } finally {
                exit();
            }
        });
    }

    /** Refuses new writes ({@link StoreClosedException}) and completes once the queued ones have run. */
    Mono<Void> close() {
        return Mono.defer(() -> {
            if (submitters.getAndUpdate(s -> s | CLOSED) == 0) {
                writes.complete(); // no submitter in flight: nothing can be emitted after this
            }
            return drained.asMono();
        });
    }

    private boolean enter() {
        int s;
        do {
            s = submitters.get();
            if ((s & CLOSED) != 0) {
                return false;
            }
        } while (!submitters.compareAndSet(s, s + 1));
        return true;
    }

    private void exit() {
        if (submitters.decrementAndGet() == CLOSED) {
            writes.complete(); // the last submitter in flight when the queue was closed
        }
    }

    private static final class Write<T> {
        private final Mono<T> work;
        private final MonoSink<T> sink;
        private final AtomicInteger queued;
        private volatile boolean cancelled;

        Write(Mono<T> work, MonoSink<T> sink, AtomicInteger queued) {
            this.work = work;
            this.sink = sink;
            this.queued = queued;
        }

        void cancel() {
            cancelled = true;
        }

        Mono<Void> run() {
            return Mono.defer(() -> cancelled ? Mono.<T>empty() : work)
                    .materialize()
                    .doOnNext(this::deliver)
                    .then();
        }

        private void deliver(Signal<T> outcome) {
            queued.decrementAndGet(); // before delivering: the subscriber may submit again at once
            if (outcome.isOnError()) {
                sink.error(outcome.getThrowable());
            } else {
                sink.success(outcome.get());
            }
        }
    }
}
