package io.reactivestore.store.lmdb;

import io.reactivestore.store.StoreClosedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The store's one writer: a dedicated thread that takes up to {@code maxBatch} queued writes at a time
 * and applies them in one LMDB write transaction (group commit). LMDB's commit syncs the file
 * ({@code fdatasync}) before it returns; only then are the batch's outcomes handed to
 * {@code completions}, one task per batch, so no {@code SaveResult} is emitted before its event is on
 * the device, and no subscriber's work runs on the writer thread. The environment defers the meta page's force
 * ({@code MDB_NOMETASYNC}): when more writes are queued, the batch's outcomes wait for that force on the
 * {@link MetaSync} thread while this thread goes on with the next batch; a lone commit is forced here.
 *
 * <p><b>Bounds.</b> At most {@code capacity} writes are queued; when the queue is full a new write waits,
 * in arrival order, in a list of the callers' pending subscriptions (no thread blocks; callers bound it
 * with their own concurrency). Cancelling a write does not withdraw it.
 *
 * <p><b>Map full.</b> A batch that meets {@code MDB_MAP_FULL} is aborted, the map grows
 * ({@link LmdbEnv#grow()}) and the batch runs again; at the maximum size the batch fails with
 * {@link io.reactivestore.store.StoreFullException}. A batch failing for another reason is retried one
 * write per transaction, so only the write at fault fails.
 */
final class Writer {

    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

    /** One queued write: applied inside the batch's transaction, completed after its commit. */
    abstract static class Op {

        /** Applies the write; the result goes to {@link #succeed} after the commit. */
        abstract @Nullable Object apply(Mutations m);

        abstract void succeed(Object result);

        abstract void fail(Throwable error);
    }

    /** Guards the queues; a monitor, not a lock that parks, so a caller on an event loop never parks. */
    private final Object lock = new Object();
    private final ArrayDeque<Op> queue = new ArrayDeque<>();
    private final ArrayDeque<Op> waiting = new ArrayDeque<>();
    private final LmdbEnv db;
    private final String name;
    private final int capacity;
    private final int maxBatch;
    private final Scheduler completions;
    private final Runnable onExit;
    private final Sinks.Empty<Void> exited = Sinks.empty();
    private final Thread thread;
    private final MetaSync metaSync;
    private boolean closed;
    private long nextSeq;
    /** Queue size at which {@link #offer} wakes the writer (guarded by {@code lock}). */
    private int wakeAt = 1;
    /** Size and duration (apply and commit) of the last batch; writer thread only. */
    private int lastBatch;
    private long lastCycleNanos;
    /** Smallest batch after which the writer waits for the next one to fill ({@link #linger}). */
    static final int LINGER_MIN_BATCH = 16;
    /** Longest such wait. */
    static final int MAX_LINGER_MILLIS = 10;

    Writer(LmdbEnv db, String name, int capacity, int maxBatch, Scheduler completions, Runnable onExit) {
        this.db = db;
        this.name = name;
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.completions = completions;
        this.onExit = onExit;
        this.nextSeq = db.nextSeq();
        this.metaSync = new MetaSync(db, name);
        this.thread = new Thread(this::run, "lmdb-writer-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code ops} in order; fails them with {@link StoreClosedException} once closed. */
    void offer(List<? extends Op> ops) {
        synchronized (lock) {
            if (!closed) {
                for (Op op : ops) {
                    if (queue.size() < capacity && waiting.isEmpty()) {
                        queue.add(op);
                    } else {
                        waiting.add(op);
                    }
                }
                if (queue.size() >= wakeAt) {
                    lock.notifyAll();
                }
                return;
            }
        }
        StoreClosedException error = new StoreClosedException(name);
        ops.forEach(op -> op.fail(error));
    }

    /** Refuses new writes; completes once the queued ones are written and the thread has ended. */
    Mono<Void> close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        return exited.asMono();
    }

    private @Nullable List<Op> take() throws InterruptedException {
        synchronized (lock) {
            wakeAt = 1;
            while (queue.isEmpty() && !closed) {
                lock.wait();
            }
            if (queue.isEmpty()) {
                return null;
            }
            linger();
            List<Op> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
            while (batch.size() < maxBatch && !queue.isEmpty()) {
                batch.add(queue.poll());
            }
            while (queue.size() < capacity && !waiting.isEmpty()) {
                queue.add(waiting.poll());
            }
            return batch;
        }
    }

    /**
     * Adaptive group commit. After a batch of at least {@value #LINGER_MIN_BATCH} writes, the writers waiting on its
     * outcomes (publishers with a window of writes in flight) usually send their next ones as soon as they have
     * them: waits, at most half the last batch's cycle and {@value #MAX_LINGER_MILLIS} ms, until the queue holds
     * nine tenths of the writes seen around the last batch (the batch plus those queued during it). One larger
     * commit rewrites fewer index pages per write than two smaller ones (each index's hot leaves are rewritten
     * once per commit), which is what bounds a synced store's ingest. A lone write never waits.
     */
    private void linger() throws InterruptedException {
        int seen = lastBatch + queue.size();
        int target = Math.min(maxBatch, seen - seen / 10);
        if (lastBatch < LINGER_MIN_BATCH || queue.size() >= target || closed) {
            return;
        }
        long deadline = System.nanoTime() + Math.min(lastCycleNanos / 2, MAX_LINGER_MILLIS * 1_000_000L);
        wakeAt = target;
        long left;
        while (queue.size() < target && !closed && (left = deadline - System.nanoTime()) > 0) {
            lock.wait(left / 1_000_000, (int) (left % 1_000_000));
        }
        wakeAt = 1;
    }

    private void run() {
        try {
            List<Op> batch;
            while ((batch = take()) != null) {
                long start = System.nanoTime();
                write(batch);
                lastCycleNanos = System.nanoTime() - start;
                lastBatch = batch.size();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            LOG.error("LMDB writer of {} stopped", name, t);
        } finally {
            try {
                metaSync.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                onExit.run();
            } finally {
                exited.tryEmitEmpty();
            }
        }
    }

    private void write(List<Op> batch) {
        Object[] results = new Object[batch.size()];
        while (true) {
            Mutations m = null;
            try (Txn<byte[]> txn = db.env.txnWrite()) {
                m = new Mutations(db, txn, nextSeq);
                for (int i = 0; i < results.length; i++) {
                    results[i] = batch.get(i).apply(m);
                }
                txn.commit();
                nextSeq = m.nextSeq();
                break;
            } catch (RuntimeException e) {
                // a failed commit (its fdatasync included) is aborted by LMDB: nothing of it is the current state
                if (m != null) {
                    // never reuse a sequence number handed out in an aborted transaction: the event cache may hold it
                    nextSeq = m.nextSeq();
                }
                if (!handleFailure(batch, e)) {
                    return;
                }
            }
        }
        forced(batch, results);
    }

    /**
     * Completes a committed batch once its meta page is forced: on the {@link MetaSync} thread if more writes
     * wait or it is still forcing earlier batches, else here (a lone commit: no thread hop).
     */
    private void forced(List<Op> batch, Object[] results) {
        boolean more;
        synchronized (lock) {
            more = !queue.isEmpty();
        }
        if (more || metaSync.busy()) {
            if (metaSync.offer(failure -> complete(batch, results, failure))) {
                return;
            }
        }
        Throwable failure = null;
        try {
            db.force();
        } catch (RuntimeException e) {
            failure = e;
        }
        complete(batch, results, failure);
    }

    /** After an aborted batch: true to run it again (the map has grown); false once it has been dealt with. */
    private boolean handleFailure(List<Op> batch, RuntimeException failure) {
        if (failure instanceof Env.MapFullException) {
            try {
                db.grow();
                return true;
            } catch (RuntimeException e) {
                complete(batch, null, e);
                return false;
            }
        }
        if (batch.size() == 1) {
            complete(batch, null, failure);
        } else {
            for (Op op : batch) {
                write(List.of(op));
            }
        }
        return false;
    }

    /** Hands the outcomes of a batch to the completion scheduler (inline if it refuses). */
    private void complete(List<Op> batch, Object @Nullable [] results, @Nullable Throwable error) {
        Runnable task = () -> {
            for (int i = 0; i < batch.size(); i++) {
                if (error != null) {
                    batch.get(i).fail(error);
                } else {
                    batch.get(i).succeed(Objects.requireNonNull(results, "results of a batch without error")[i]);
                }
            }
        };
        try {
            completions.schedule(task);
        } catch (RuntimeException rejected) {
            task.run();
        }
    }
}
