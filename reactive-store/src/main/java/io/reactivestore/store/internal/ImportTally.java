package io.reactivestore.store.internal;

import io.reactivestore.store.SaveResult;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.MonoSink;

/**
 * Counts the outcomes of one group of imported events and completes its sink once every one has
 * ended: with how many were stored ({@link SaveResult#SAVED} or {@link SaveResult#REPLACED}), or with
 * the first error if any failed. Thread-safe; each event reports exactly once.
 */
public final class ImportTally {

    private final MonoSink<Long> sink;
    private final AtomicInteger pending;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();

    /**
     * A tally of {@code size} events.
     *
     * @param size how many events will report
     * @param sink completed once all have
     */
    public ImportTally(int size, MonoSink<Long> sink) {
        this.pending = new AtomicInteger(size);
        this.sink = sink;
    }

    /**
     * One event was saved with {@code result}.
     *
     * @param result the event's outcome
     */
    public void saved(SaveResult result) {
        if (result == SaveResult.SAVED || result == SaveResult.REPLACED) {
            stored.incrementAndGet();
        }
        ended();
    }

    /**
     * One event failed.
     *
     * @param error why
     */
    public void failed(Throwable error) {
        firstError.compareAndSet(null, error);
        ended();
    }

    private void ended() {
        if (pending.decrementAndGet() == 0) {
            Throwable error = firstError.get();
            if (error != null) {
                sink.error(error);
            } else {
                sink.success(stored.get());
            }
        }
    }
}
