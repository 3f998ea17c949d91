package io.reactivestore.replica;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

/**
 * The queue of one asynchronous store: a unicast sink of at most {@code capacity} writes (the replica passes
 * {@code queueLength + 1}: the write in flight plus {@code queueLength} waiting), drained by one
 * long-lived subscription that writes them to the store one at a time, in order, on a worker of the
 * drain scheduler (never on the thread of the put that queued them).
 *
 * <p><b>Backpressure.</b> A write counts against the capacity from the moment it is accepted until the
 * store confirms it. When the queue is full, {@link #offer} does not complete until a confirmation makes
 * room (first come, first served); no thread waits meanwhile. The offers waiting for room are one per
 * caller still waiting for its put, so they grow only with the callers' own concurrency.
 *
 * <p><b>Failure.</b> When the store fails a write, {@code onFailure} gets the error (the owner then calls
 * {@link #halt} then {@link #fail} on every lane): {@link #halt} returns the writes accepted but not
 * confirmed, {@link #fail} fails the waiting offers and stops the drain.
 *
 * <p><b>Locking.</b> A monitor guards the state and serializes emissions into the sink. A store that
 * confirms a write synchronously on the emitting thread (a virtual-time scheduler runs the drain
 * inline) re-enters {@link #confirmed} from inside an emission; such a nested call
 * only updates the counters, and the outermost frame admits further writes. Completing callers' monos
 * and reporting failures are deferred until the monitor is released, so no caller code runs under it.
 */
final class AsyncLane<S> {

    /** How many queued writes the drain takes over from the sink at a time. */
    private static final int DRAIN_PREFETCH = 32;

    private final int index;
    private final int capacity;
    private final Consumer<Throwable> onFailure;
    private final Object lock = new Object();
    private final ArrayDeque<AsyncWrite<S>> pending = new ArrayDeque<>();
    private final ArrayDeque<Waiter<S>> waiters = new ArrayDeque<>();
    private final List<MonoSink<Void>> idleWaiters = new ArrayList<>();
    private final List<Runnable> deferred = new ArrayList<>();
    private final Sinks.Many<AsyncWrite<S>> queue;
    private final Disposable drain;
    private boolean emitting;
    private boolean halted;
    private @Nullable Throwable failure;

    private record Waiter<S>(AsyncWrite<S> write, MonoSink<Void> sink) {
    }

    AsyncLane(int index, S store, int capacity, Scheduler drainOn, Consumer<Throwable> onFailure) {
        this.index = index;
        this.capacity = capacity;
        this.onFailure = onFailure;
        // a lock-free single-producer queue: emits are serialised under this lane's lock, and the one drain
        // polls it; it never holds more than `capacity` (pending is bounded by it), though its array rounds up
        this.queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<AsyncWrite<S>>get(capacity).get());
        this.drain = queue.asFlux()
                .publishOn(drainOn, Math.min(capacity, DRAIN_PREFETCH))
                .concatMap(write -> write.write().apply(store).then(Mono.fromRunnable(this::confirmed)))
                .subscribe(null, this::drainFailed);
    }

    /** Queues {@code write}; completes once it is accepted (at once unless the queue is full). */
    Mono<Void> offer(AsyncWrite<S> write) {
        return Mono.create(sink -> {
            synchronized (lock) {
                if (failure != null) {
                    Throwable error = failure;
                    deferred.add(() -> sink.error(error));
                } else {
                    Waiter<S> waiter = new Waiter<>(write, sink);
                    waiters.add(waiter);
                    sink.onCancel(() -> {
                        synchronized (lock) {
                            waiters.remove(waiter);
                        }
                    });
                    admitWaiters();
                }
            }
            runDeferred();
        });
    }

    /**
     * Queues {@code write} at once if there is room and nobody is waiting for room; otherwise leaves it
     * to {@link #offer}.
     *
     * @return whether {@code write} was accepted
     */
    boolean tryOffer(AsyncWrite<S> write) {
        synchronized (lock) {
            if (halted || pending.size() >= capacity || !waiters.isEmpty() || emitting) {
                return false;
            }
            pending.add(write);
            emitting = true;
            try {
                emit(write);
            } finally {
                emitting = false;
            }
            admitWaiters();
        }
        runDeferred();
        return true;
    }

    /** Completes when no write is pending (at once if none is, or if the lane failed). */
    Mono<Void> idle() {
        return Mono.create(sink -> {
            synchronized (lock) {
                if (!pending.isEmpty() && !halted) {
                    idleWaiters.add(sink);
                    return;
                }
            }
            sink.success();
        });
    }

    /** How many writes are accepted and not yet confirmed. */
    int pendingCount() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /**
     * First step of stopping: nothing more is accepted or confirmed (later offers wait until
     * {@link #fail}).
     *
     * @return the writes accepted but not confirmed, oldest first (empty if already halted)
     */
    List<LostWrite> halt() {
        synchronized (lock) {
            List<LostWrite> lost = new ArrayList<>();
            if (halted) {
                return lost;
            }
            halted = true;
            pending.forEach(w -> lost.add(new LostWrite(index, w.operation(), w.key())));
            pending.clear();
            return lost;
        }
    }

    /** Second step of stopping: every waiting and later offer fails with {@code error}; the drain is cancelled. */
    void fail(Throwable error) {
        halt();
        synchronized (lock) {
            if (failure != null) {
                return;
            }
            failure = error;
            waiters.forEach(w -> deferred.add(() -> w.sink().error(error)));
            waiters.clear();
            idleWaiters.forEach(s -> deferred.add(s::success));
            idleWaiters.clear();
            deferred.add(drain::dispose);
        }
        runDeferred();
    }

    private void confirmed() {
        synchronized (lock) {
            if (halted) {
                return;
            }
            pending.poll();
            admitWaiters();
            if (pending.isEmpty()) {
                idleWaiters.forEach(s -> deferred.add(s::success));
                idleWaiters.clear();
            }
        }
        runDeferred();
    }

    private void drainFailed(Throwable error) {
        synchronized (lock) {
            deferred.add(() -> onFailure.accept(error));
        }
        runDeferred();
    }

    /** Under the lock: accepts waiting writes while there is room, unless an outer frame is doing so. */
    private void admitWaiters() {
        if (emitting) {
            return;
        }
        emitting = true;
        try {
            while (!halted && pending.size() < capacity && !waiters.isEmpty()) {
                Waiter<S> waiter = waiters.poll();
                pending.add(waiter.write());
                deferred.add(waiter.sink()::success);
                emit(waiter.write());
            }
        } finally {
            emitting = false;
        }
    }

    /** Under the lock, with {@code emitting} set: hands {@code write} to the sink, which has room for it. */
    private void emit(AsyncWrite<S> write) {
        Sinks.EmitResult result = queue.tryEmitNext(write);
        if (result.isFailure()) {
            throw new IllegalStateException("async queue refused a write it had room for: " + result);
        }
    }

    /** Runs the deferred actions, unless this thread holds the lock (its outermost frame will). */
    private void runDeferred() {
        while (!Thread.holdsLock(lock)) {
            List<Runnable> actions;
            synchronized (lock) {
                if (deferred.isEmpty()) {
                    return;
                }
                actions = new ArrayList<>(deferred);
                deferred.clear();
            }
            actions.forEach(Runnable::run);
        }
    }
}
