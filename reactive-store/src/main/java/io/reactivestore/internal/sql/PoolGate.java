package io.reactivestore.internal.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Keeps the disposal of a connection pool apart from connections being handed back to it.
 *
 * <p><b>Why.</b> reactor-pool (1.2.x, used by r2dbc-pool) signals a release complete while the releasing
 * thread is still inside the pool ({@code SimpleDequePool.maybeRecycleAndDrain}): after the signal it
 * checks whether the pool was disposed meanwhile and, if so, destroys the slot it recycled. If in that
 * window another borrower took that connection, gave it back, and the pool was disposed, the stale slot
 * is destroyed a second time: the idle count goes below zero ({@code unexpected decrement below 0}) and a
 * permit is returned twice ({@code Too many permits returned}, dropped through {@code onErrorDropped}).
 * Closing a store right after its last read hits this window about once per hundred closes on H2.
 *
 * <p><b>How.</b> Every hand-back ({@link #handBack}: subscribing to {@code Connection.close()}) and every
 * cancellation of an acquisition ({@link #cancelInside}: r2dbc-pool releases a connection acquired for a
 * cancelled subscriber) runs as a <em>section</em>; sections run concurrently with each other, on the
 * caller's thread, with no lock held while they run. {@link #dispose} waits until no section is running,
 * then disposes; a section that arrives meanwhile waits (in a list bounded by the number of operations in
 * flight) and runs once disposal has finished, when the pool destroys the connection instead of
 * recycling it. A hand-back that completes synchronously (every H2 and PostgreSQL release outside a
 * transaction, which {@link SqlDatabase} always ends itself) has left the pool when its section ends, and
 * its completion is signalled only after that, outside the section, so downstream work never delays
 * disposal. Thread-safe.
 */
final class PoolGate {

    private final Object lock = new Object();
    private int running;
    private boolean disposing;
    private boolean disposed;
    private @Nullable Runnable pendingDisposal;
    private List<Runnable> waiting = new ArrayList<>();

    /**
     * Subscribes to {@code release} inside a section and relays its outcome.
     *
     * @param release the pool's hand-back of one connection ({@code Connection.close()})
     * @return completes (or fails) as {@code release} does; a synchronous outcome is signalled after the
     *     section has ended, on the same thread
     */
    Mono<Void> handBack(Publisher<Void> release) {
        Objects.requireNonNull(release, "release");
        return Mono.create(sink -> {
            Outcome outcome = new Outcome(sink);
            run(() -> release.subscribe(outcome), outcome::sectionEnded);
        });
    }

    /**
     * {@code source} whose cancellation runs inside a section (or after disposal, if one is under way).
     *
     * @param source an acquisition from the pool
     * @param <T> the element type
     * @return {@code source} with gated cancellation; other signals pass through unchanged
     */
    <T> Mono<T> cancelInside(Mono<T> source) {
        return source.transform(Operators.<T, T>lift((scannable, actual) -> new GatedCancel<>(actual, this)));
    }

    /**
     * Runs {@code dispose} once no section is running; sections arriving from now on run after it.
     *
     * @param dispose the pool's disposal
     * @return completes when {@code dispose} has completed and the waiting sections have run; call once
     */
    Mono<Void> dispose(Mono<Void> dispose) {
        Objects.requireNonNull(dispose, "dispose");
        return Mono.create(sink -> {
            Runnable start = () -> dispose.subscribe(null,
                    error -> {
                        disposed();
                        sink.error(error);
                    },
                    () -> {
                        disposed();
                        sink.success();
                    });
            boolean now;
            synchronized (lock) {
                if (disposing) {
                    sink.error(new IllegalStateException("pool disposal already requested"));
                    return;
                }
                disposing = true;
                now = running == 0;
                if (!now) {
                    pendingDisposal = start;
                }
            }
            if (now) {
                start.run();
            }
        });
    }

    private void run(Runnable section, Runnable after) {
        synchronized (lock) {
            if (disposing && !disposed) {
                waiting.add(() -> run(section, after));
                return;
            }
            running++;
        }
        try {
            section.run();
        } finally {
            Runnable start = null;
            synchronized (lock) {
                running--;
                if (running == 0 && pendingDisposal != null) {
                    start = pendingDisposal;
                    pendingDisposal = null;
                }
            }
            if (start != null) {
                start.run();
            }
        }
        after.run();
    }

    private void disposed() {
        List<Runnable> late;
        synchronized (lock) {
            disposed = true;
            late = waiting;
            waiting = new ArrayList<>();
        }
        late.forEach(Runnable::run);
    }

    /** Relays one hand-back's outcome once both it has terminated and its section has ended. */
    private static final class Outcome implements CoreSubscriber<Void> {
        private static final int TERMINATED = 1;
        private static final int SECTION_ENDED = 2;

        private final MonoSink<Void> sink;
        private final AtomicInteger state = new AtomicInteger();
        private volatile @Nullable Throwable error;

        Outcome(MonoSink<Void> sink) {
            this.sink = sink;
        }

        @Override
        public Context currentContext() {
            return Context.of(sink.contextView());
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Void unused) {
            // a Publisher<Void> emits no elements
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            reach(TERMINATED);
        }

        @Override
        public void onComplete() {
            reach(TERMINATED);
        }

        void sectionEnded() {
            reach(SECTION_ENDED);
        }

        private void reach(int flag) {
            if (state.getAndUpdate(s -> s | flag) == (TERMINATED | SECTION_ENDED) - flag) {
                Throwable e = error;
                if (e == null) {
                    sink.success();
                } else {
                    sink.error(e);
                }
            }
        }
    }

    /** Passes every signal through; runs {@code cancel} inside a section of {@code gate}. */
    private static final class GatedCancel<T> implements CoreSubscriber<T>, Subscription {
        private final CoreSubscriber<? super T> actual;
        private final PoolGate gate;
        @SuppressWarnings("NullAway.Init") // set in onSubscribe, which Reactive Streams calls before any other signal
        private Subscription upstream;

        GatedCancel(CoreSubscriber<? super T> actual, PoolGate gate) {
            this.actual = actual;
            this.gate = gate;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            actual.onSubscribe(this);
        }

        @Override
        public void onNext(T t) {
            actual.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            actual.onError(t);
        }

        @Override
        public void onComplete() {
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            Subscription s = upstream;
            gate.run(s::cancel, () -> { });
        }
    }
}
