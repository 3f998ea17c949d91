package io.reactivestore.outbox;

import io.reactivestore.store.StoreClosedException;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Signal;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Runs submitted writes one at a time, in submission order, without blocking any thread: a bounded sink
 * drained by one long-lived {@code concatMap} subscription that this queue owns.
 *
 * <p>At most {@code capacity} writes wait or run at once; one more fails at once with
 * {@link OutboxBusyException}. A write whose subscriber cancels before it starts is skipped; once started it
 * runs to its end (its result is dropped), so the next write never overlaps it. Results are delivered on the
 * thread that completed the write; the subscriber's context does not reach the write.
 */
final class WriteQueue {

    private final String name;
    private final int capacity;
    private final AtomicInteger queued = new AtomicInteger();
    private final Sinks.Many<Write<?>> writes;
    private final Sinks.Empty<Void> drained = Sinks.empty();
    private final Disposable drain;

    WriteQueue(String name, int capacity) {
        this.name = name;
        this.capacity = capacity;
        this.writes = Sinks.many().unicast().onBackpressureBuffer(Queues.<Write<?>>get(capacity).get());
        this.drain = writes.asFlux()
                .concatMap(Write::run, 0)
                .subscribe(null, e -> drained.tryEmitError(e), drained::tryEmitEmpty);
    }

    /** {@code work} run in its turn; see the class description. */
    <T> Mono<T> submit(Mono<T> work) {
        return Mono.create(sink -> {
            if (queued.incrementAndGet() > capacity) {
                queued.decrementAndGet();
                sink.error(new OutboxBusyException(capacity));
                return;
            }
            Write<T> write = new Write<>(work, sink, queued);
            sink.onCancel(write::cancel);
            Sinks.EmitResult result;
            do {
                result = writes.tryEmitNext(write);
            } while (result == Sinks.EmitResult.FAIL_NON_SERIALIZED); // another submitter is mid-emit: retry
            if (result.isFailure()) {
                queued.decrementAndGet();
                sink.error(result == Sinks.EmitResult.FAIL_OVERFLOW
                        ? new OutboxBusyException(capacity) : new StoreClosedException(name));
            }
        });
    }

    /** Refuses new writes ({@link StoreClosedException}) and completes once the queued ones have run. */
    Mono<Void> close() {
        return Mono.defer(() -> {
            writes.tryEmitComplete();
            return drained.asMono();
        });
    }

    /** Stops the drain at once, dropping queued writes; for a failed start only. */
    void dispose() {
        drain.dispose();
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
