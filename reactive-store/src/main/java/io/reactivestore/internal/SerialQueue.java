package io.reactivestore.internal;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The one bounded serial queue of the project: runs submitted work one at a time, in submission order,
 * without a lock and without blocking or spinning any thread (reactor-core's work-in-progress drain: the
 * thread that finds the queue idle runs the next turn; others return at once).
 *
 * <p><b>Bound.</b> At most {@code capacity} turns are admitted at once (queued or running). One more is
 * refused at once: its {@code Mono} fails with the exception {@code whenFull} makes (a transient "busy"
 * error); nothing waits, so no hidden list grows. After {@link #close()} every submission fails with the
 * exception {@code whenClosed} makes.
 *
 * <p><b>Turns.</b> {@link #submit(Supplier)} runs a synchronous task on the draining thread;
 * {@link #submit(Mono)} subscribes to asynchronous work when its turn comes and starts the next turn only
 * once that work has terminated. A turn whose subscriber cancels before it starts is skipped; once started it
 * runs to its end (its result is then dropped), so turns never overlap. Results are delivered on the thread
 * that finished the turn, after its slot is freed (a subscriber may submit again at once); a chain of
 * synchronous turns submitted from each other's results runs in a loop, not a recursion. The subscriber's
 * context does not reach the work.
 *
 * <p>Thread-safe: any thread may submit and close.
 */
public final class SerialQueue {

    /** Flag in {@link #state}: closed, nothing more is admitted. Below it: the number of admitted turns. */
    private static final int CLOSED = 1 << 30;

    private final int capacity;
    private final IntFunction<? extends RuntimeException> whenFull;
    private final Supplier<? extends RuntimeException> whenClosed;
    /** Admitted turns not yet started; never more than {@code capacity} (the {@link #state} count bounds it). */
    private final Queue<Turn<?>> turns = Queues.<Turn<?>>unboundedMultiproducer().get();
    private final AtomicInteger state = new AtomicInteger();
    private final AtomicInteger wip = new AtomicInteger();
    private final Sinks.Empty<Void> drained = Sinks.empty();
    /** A turn is running; set by the drainer, cleared by the turn's end (then the drain is re-entered). */
    private volatile boolean active;

    /**
     * A queue that admits at most {@code capacity} turns at once.
     *
     * @param capacity the most turns queued or running, 1 to 2^30 - 1
     * @param whenFull makes the error of a submission refused because {@code capacity} turns are admitted
     *     (given the capacity)
     * @param whenClosed makes the error of a submission after {@link #close()}
     * @throws IllegalArgumentException if {@code capacity} is out of range
     */
    public SerialQueue(int capacity, IntFunction<? extends RuntimeException> whenFull,
                       Supplier<? extends RuntimeException> whenClosed) {
        if (capacity < 1 || capacity >= CLOSED) {
            throw new IllegalArgumentException("capacity must be 1 to " + (CLOSED - 1) + ", got " + capacity);
        }
        this.capacity = capacity;
        this.whenFull = Objects.requireNonNull(whenFull, "whenFull");
        this.whenClosed = Objects.requireNonNull(whenClosed, "whenClosed");
    }

    /**
     * Runs {@code task} in its turn, on the draining thread.
     *
     * @param <T> the result type
     * @param task the synchronous work; a {@code null} result completes the {@code Mono} empty
     * @return a {@code Mono} that, on subscription, queues {@code task} and emits its result or error; it fails
     *     at once when the queue is full or closed
     */
    public <T> Mono<T> submit(Supplier<T> task) {
        Objects.requireNonNull(task, "task");
        return Mono.create(sink -> admit(new Turn<>(task, null, sink)));
    }

    /**
     * Runs {@code work} in its turn: subscribes to it when every turn before it has ended.
     *
     * @param <T> the result type
     * @param work the asynchronous work
     * @return a {@code Mono} that, on subscription, queues {@code work} and emits its outcome; it fails at once
     *     when the queue is full or closed
     */
    public <T> Mono<T> submit(Mono<T> work) {
        Objects.requireNonNull(work, "work");
        return Mono.create(sink -> admit(new Turn<>(null, work, sink)));
    }

    /**
     * Refuses new turns from now on; the turns already admitted still run.
     *
     * @return a {@code Mono} completing once every admitted turn has ended (the same for every call)
     */
    public Mono<Void> close() {
        return Mono.defer(() -> {
            if (state.getAndUpdate(s -> s | CLOSED) == 0) {
                drained.tryEmitEmpty();
            }
            return drained.asMono();
        });
    }

    /** {@return how many turns are admitted now (queued or running)} */
    public int admitted() {
        return state.get() & ~CLOSED;
    }

    private void admit(Turn<?> turn) {
        int s;
        do {
            s = state.get();
            if ((s & CLOSED) != 0) {
                turn.sink.error(whenClosed.get());
                return;
            }
            if (s >= capacity) {
                turn.sink.error(whenFull.apply(capacity));
                return;
            }
        } while (!state.compareAndSet(s, s + 1));
        turn.sink.onCancel(turn::cancel);
        turns.offer(turn);
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Turn<?> turn;
            while (!active && (turn = turns.poll()) != null) {
                if (turn.cancelled) {
                    release();
                    continue;
                }
                active = true;
                turn.start();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Frees a turn's slot; the last one after {@link #close()} completes {@link #drained}. */
    private void release() {
        if (state.decrementAndGet() == CLOSED) {
            drained.tryEmitEmpty();
        }
    }

    /** One admitted piece of work and where its outcome goes. */
    private final class Turn<T> implements CoreSubscriber<T> {

        private final @Nullable Supplier<T> task;
        private final @Nullable Mono<T> work;
        private final MonoSink<T> sink;
        private volatile boolean cancelled;
        private @Nullable T value;
        private boolean ended;

        Turn(@Nullable Supplier<T> task, @Nullable Mono<T> work, MonoSink<T> sink) {
            this.task = task;
            this.work = work;
            this.sink = sink;
        }

        void cancel() {
            cancelled = true;
        }

        /** Runs on the draining thread. */
        void start() {
            Mono<T> async = work;
            if (async != null) {
                async.subscribe(this);
                return;
            }
            T result;
            try {
                result = Objects.requireNonNull(task, "task").get();
            } catch (Throwable t) {
                end(null, t);
                return;
            }
            end(result, null);
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(T t) {
            value = t;
        }

        @Override
        public void onError(Throwable t) {
            end(null, t);
        }

        @Override
        public void onComplete() {
            end(value, null);
        }

        private void end(@Nullable T result, @Nullable Throwable error) {
            if (ended) {
                return;
            }
            ended = true;
            release(); // before delivering: the subscriber may submit again at once
            active = false;
            try {
                if (error != null) {
                    sink.error(error);
                } else {
                    sink.success(result);
                }
            } finally {
                drain(); // even if a subscriber throws: the next turn must never be left waiting
            }
        }
    }
}
