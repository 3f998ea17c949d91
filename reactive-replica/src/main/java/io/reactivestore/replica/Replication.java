package io.reactivestore.replica;

import io.reactivestore.store.StoreClosedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * What every replica shares: the synchronous members, one {@link AsyncLane} per asynchronous member,
 * and the states <em>working</em>, <em>closed</em> (after a graceful {@link #close}) and
 * <em>failed</em> (after {@link #fail}).
 *
 * @param <S> the type of the member stores
 */
final class Replication<S> implements Disposable {

    private final String name;
    private final List<S> sync;
    private final List<AsyncLane<S>> lanes;
    private final Object failLock = new Object();
    private final AtomicInteger writesInFlight = new AtomicInteger();
    private final Sinks.Empty<Void> writesDone = Sinks.empty();
    private volatile @Nullable ReplicaFailedException failure;
    private volatile boolean closed;

    /**
     * Drains run on {@link Schedulers#parallel()}: member writes are non-blocking by contract. Each
     * asynchronous member has one write in flight plus up to {@code queueLength} waiting.
     */
    Replication(String name, List<? extends S> sync, List<? extends S> async, int queueLength) {
        this.name = Objects.requireNonNull(name, "name");
        this.sync = List.copyOf(sync);
        if (this.sync.isEmpty()) {
            throw new IllegalArgumentException("syncStores: at least one is needed");
        }
        if (queueLength < 1) {
            throw new IllegalArgumentException("queueLength: must be at least 1");
        }
        List<AsyncLane<S>> made = new ArrayList<>();
        List<S> asyncStores = List.copyOf(async);
        for (int i = 0; i < asyncStores.size(); i++) {
            // one write in flight plus queueLength waiting
            made.add(new AsyncLane<>(i, asyncStores.get(i), queueLength + 1, Schedulers.parallel(), this::fail));
        }
        this.lanes = List.copyOf(made);
    }

    List<S> sync() {
        return sync;
    }

    /** {@code work}, unless the replica is failed or closed: then that error, at subscription. */
    <T> Mono<T> guard(Mono<T> work) {
        return Mono.defer(() -> {
            Throwable refusal = refusal();
            return refusal == null ? work : Mono.error(refusal);
        });
    }

    /** {@link #guard(Mono)} for a {@link Flux}. */
    <T> Flux<T> guard(Flux<T> work) {
        return Flux.defer(() -> {
            Throwable refusal = refusal();
            return refusal == null ? work : Flux.error(refusal);
        });
    }

    /**
     * Writes to every synchronous member at once, combines their results (in member order) with
     * {@code combine}, then queues the write {@code async} makes of the result for every asynchronous
     * member, waiting for room in a full queue. A synchronous failure fails the returned mono (with that
     * error) and, when asynchronous members exist, puts the replica in its error state. Writes under way
     * are counted so that {@link #close()} can wait for them.
     */
    <R> Mono<R> write(Function<S, Mono<R>> syncWrite, Function<List<R>, R> combine,
            Function<R, AsyncWrite<S>> async) {
        return write(syncWrite, combine, async, e -> false);
    }

    /**
     * {@link #write(Function, Function, Function)}, except that a synchronous failure for which
     * {@code callersFault} holds (the caller's input was bad: a broken upload stream, a wrong hash) fails
     * only this write and leaves the replica working.
     */
    <R> Mono<R> write(Function<S, Mono<R>> syncWrite, Function<List<R>, R> combine,
            Function<R, AsyncWrite<S>> async, Predicate<Throwable> callersFault) {
        return guard(Mono.defer(() -> {
            writesInFlight.incrementAndGet();
            Mono<R> synced = sync.size() == 1
                    ? syncWrite.apply(sync.get(0)).map(result -> combine.apply(List.of(result)))
                    : Flux.fromIterable(sync).flatMapSequential(syncWrite::apply).collectList().map(combine);
            return synced
                    .onErrorResume(e -> {
                        if (!lanes.isEmpty() && !callersFault.test(e)) {
                            fail(e);
                        }
                        return Mono.error(e);
                    })
                    .flatMap(result -> lanes.isEmpty() ? Mono.just(result)
                            : enqueue(async.apply(result), 0).thenReturn(result))
                    .doFinally(signal -> {
                        if (writesInFlight.decrementAndGet() == 0 && closed) {
                            writesDone.tryEmitEmpty();
                        }
                    });
        }));
    }

    /** Queues {@code write} on the lanes from {@code first} on, in order; without a Mono while there is room. */
    private Mono<Void> enqueue(AsyncWrite<S> write, int first) {
        for (int i = first; i < lanes.size(); i++) {
            if (!lanes.get(i).tryOffer(write)) {
                int next = i + 1;
                return lanes.get(i).offer(write).then(Mono.defer(() -> enqueue(write, next)));
            }
        }
        return Mono.empty();
    }

    /**
     * Asks every synchronous member at once; the first to signal anything (a value or completion) wins
     * and the others are cancelled. A member that fails before signalling drops out of the race; if all
     * fail, the last error is signalled. Errors after the winner's first signal pass through.
     */
    <T> Flux<T> race(Function<S, ? extends Publisher<T>> read) {
        return guard(Flux.defer(() -> {
            AtomicInteger failed = new AtomicInteger();
            List<Flux<T>> contenders = new ArrayList<>(sync.size());
            for (S member : sync) {
                AtomicBoolean answered = new AtomicBoolean();
                contenders.add(Flux.from(read.apply(member))
                        .doOnNext(v -> answered.set(true))
                        .onErrorResume(e -> answered.get() || failed.incrementAndGet() == sync.size()
                                ? Flux.error(e) : Flux.never()));
            }
            return Flux.firstWithSignal(contenders);
        }));
    }

    /** Completes when every asynchronous queue is empty (at once without asynchronous members). */
    Mono<Void> idle() {
        return Flux.fromIterable(lanes).concatMap(AsyncLane::idle).then();
    }

    /** Writes queued and not yet confirmed, over all asynchronous members. */
    int pendingCount() {
        return lanes.stream().mapToInt(AsyncLane::pendingCount).sum();
    }

    /**
     * Graceful close: later operations fail with {@link StoreClosedException}; completes once the writes
     * already under way have finished and everything queued is confirmed, then stops the drains. (A write
     * that passed its check just as the close began may still fail with {@link StoreClosedException}
     * when it reaches the queues: it fails loudly, it is never dropped.)
     */
    Mono<Void> close() {
        return Mono.defer(() -> {
            closed = true;
            Mono<Void> quiet = writesInFlight.get() == 0 ? Mono.empty() : writesDone.asMono();
            return quiet.then(idle())
                    .then(Mono.fromRunnable(() -> lanes.forEach(l -> l.fail(new StoreClosedException(name)))));
        });
    }

    /** Enters the error state with {@code cause} unless already in it; returns the error state's exception. */
    ReplicaFailedException fail(Throwable cause) {
        ReplicaFailedException refusal;
        synchronized (failLock) {
            if (failure != null) {
                return failure;
            }
            List<LostWrite> lost = new ArrayList<>();
            lanes.forEach(lane -> lost.addAll(lane.halt()));
            refusal = new ReplicaFailedException(cause, lost);
            failure = refusal;
        }
        // outside the lock: failing the lanes completes waiting callers, whose code must not run under it
        lanes.forEach(lane -> lane.fail(refusal));
        return refusal;
    }

    /** Abrupt stop: the error state with a {@link StoreClosedException} as cause; queued writes are reported lost. */
    @Override
    public void dispose() {
        fail(new StoreClosedException(name));
    }

    @Override
    public boolean isDisposed() {
        return failure != null;
    }

    private @Nullable Throwable refusal() {
        ReplicaFailedException failed = failure;
        if (failed != null) {
            return failed;
        }
        return closed ? new StoreClosedException(name) : null;
    }
}
