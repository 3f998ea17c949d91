package io.reactivestore.store.r2dbc;

import io.reactivestore.store.internal.ImportTally;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.StoreClosedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The store's single writer: group commit for saves, and a turn of their own for deletes and nukes, so
 * every write runs one after the other and decisions (duplicate? outdated? tombstoned?) never race.
 *
 * <p><b>Batching.</b> Consecutive queued saves, up to {@code maxBatch}, go to the batch writer together
 * (one transaction); while it runs, new saves queue up and form the next batch, so batches grow with
 * load and a lone save is written at once. The batch writer completes every request's sink itself.
 *
 * <p><b>Bounds.</b> At most {@code capacity} requests are queued. When the queue is full a new request
 * waits, in arrival order, for room: its {@code Mono} simply has not completed yet; no thread blocks.
 * Waiting requests are the callers' own pending subscriptions (one small object each), so callers bound
 * them with their own concurrency. Cancelling a save does not withdraw an event already queued.
 */
final class WriteQueue {

    /** Where the outcome of a queued save goes; called once per save, from the writer's thread. */
    interface Outcome {

        void saved(SaveResult result);

        void failed(Throwable error);
    }

    /** A save waiting for its batch. */
    record SaveRequest(EventRow row, Outcome outcome) {
    }

    private record Exclusive(Supplier<Mono<Object>> work, MonoSink<Object> sink) {
    }

    private final Object lock = new Object();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private final int capacity;
    private final int maxBatch;
    private final Function<List<SaveRequest>, Mono<Void>> batchWriter;
    private final String storeName;
    private final Sinks.Empty<Void> drained = Sinks.empty();
    private boolean running;
    private boolean closed;

    WriteQueue(String storeName, int capacity, int maxBatch, Function<List<SaveRequest>, Mono<Void>> batchWriter) {
        this.storeName = storeName;
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.batchWriter = batchWriter;
    }

    /** Queues a save; the Mono completes with the result once its batch is committed. */
    Mono<SaveResult> save(EventRow row) {
        return Mono.create(sink -> offer(new SaveRequest(row, new Outcome() {
            @Override
            public void saved(SaveResult result) {
                sink.success(result);
            }

            @Override
            public void failed(Throwable error) {
                sink.error(error);
            }
        })));
    }

    /**
     * Queues {@code rows} together, in order, as one offer (an idle writer takes them into one batch, up to
     * {@code maxBatch}). The Mono completes once every one of them has been written, with how many were
     * stored ({@link SaveResult#SAVED} or {@link SaveResult#REPLACED}), or fails with the first error met
     * (after every one has been written or has failed). Costs one small object per save, not a
     * subscription: for bulk imports.
     */
    Mono<Long> saveAll(List<EventRow> rows) {
        if (rows.isEmpty()) {
            return Mono.just(0L);
        }
        return Mono.create(sink -> {
            ImportTally tally = new ImportTally(rows.size(), sink);
            Outcome outcome = new Outcome() {
                @Override
                public void saved(SaveResult result) {
                    tally.saved(result);
                }

                @Override
                public void failed(Throwable error) {
                    tally.failed(error);
                }
            };
            List<SaveRequest> requests = new ArrayList<>(rows.size());
            for (EventRow row : rows) {
                requests.add(new SaveRequest(row, outcome));
            }
            offer(requests);
        });
    }

    /** Runs {@code work} alone, after every write queued before it. */
    @SuppressWarnings("unchecked")
    <T> Mono<T> exclusive(Supplier<Mono<T>> work) {
        return Mono.<Object>create(sink -> offer(new Exclusive(() -> (Mono<Object>) work.get(), sink)))
                .map(o -> (T) o);
    }

    /** Refuses new writes; completes once every queued write has finished. Idempotent. */
    Mono<Void> close() {
        synchronized (lock) {
            closed = true;
        }
        drain();
        return drained.asMono();
    }

    private void offer(Object request) {
        offer(List.of(request));
    }

    private void offer(List<?> requests) {
        boolean refused;
        synchronized (lock) {
            refused = closed;
            if (!refused) {
                for (Object request : requests) {
                    if (queue.size() < capacity && waiting.isEmpty()) {
                        queue.add(request);
                    } else {
                        waiting.add(request);
                    }
                }
            }
        }
        if (refused) {
            StoreClosedException error = new StoreClosedException(storeName);
            requests.forEach(r -> fail(r, error));
            return;
        }
        drain();
    }

    private static void fail(Object request, Throwable error) {
        if (request instanceof SaveRequest s) {
            s.outcome().failed(error);
        } else if (request instanceof Exclusive x) {
            x.sink().error(error);
        }
    }

    private void drain() {
        Mono<Void> work;
        synchronized (lock) {
            if (running) {
                return;
            }
            if (queue.isEmpty()) {
                if (closed) {
                    drained.tryEmitEmpty();
                }
                return;
            }
            running = true;
            work = next();
            while (queue.size() < capacity && !waiting.isEmpty()) {
                queue.add(waiting.poll());
            }
        }
        // subscribeOn: a batch never runs on (and never recurses through) the thread that completed the last one
        work.subscribeOn(Schedulers.parallel()).subscribe(null, e -> finished(), this::finished);
    }

    /** Takes the next unit of work off the queue; called under the lock. */
    private Mono<Void> next() {
        Object head = queue.poll();
        if (head instanceof Exclusive x) {
            return Mono.defer(x.work())
                    .doOnNext(x.sink()::success)
                    .doOnError(x.sink()::error)
                    .doOnSuccess(v -> x.sink().success())
                    .onErrorResume(e -> Mono.empty())
                    .then();
        }
        List<SaveRequest> batch = new ArrayList<>(Math.min(maxBatch, queue.size() + 1));
        batch.add((SaveRequest) head);
        while (batch.size() < maxBatch && queue.peek() instanceof SaveRequest s) {
            queue.poll();
            batch.add(s);
        }
        return Mono.defer(() -> batchWriter.apply(batch));
    }

    private void finished() {
        synchronized (lock) {
            running = false;
        }
        drain();
    }
}
