package io.reactivestore.store.lmdb;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second force of a commit, off the writer's path. The environment is opened with {@code MDB_NOMETASYNC}:
 * LMDB's commit writes the batch's pages, forces them ({@code fdatasync}), then writes the meta page that makes
 * the batch the current state, without forcing it. A batch is durable only once that meta page is forced too, so
 * its outcomes are handed here and run after a later {@code fdatasync} of the file ({@link LmdbEnv#force()}): one
 * force on this thread covers every batch committed before it started, while the writer applies and commits the
 * next batch (whose own {@code fdatasync}, before its meta page, also forces the previous meta page: that order is
 * what keeps the file consistent after a power loss, and why LMDB allows this flag).
 *
 * <p><b>Bounds.</b> At most {@value #MAX_PENDING} batches wait here; {@link #offer} returns false when full and
 * the writer forces and completes the batch itself (outcomes of different batches are not ordered: they are
 * emitted on Reactor's parallel scheduler anyway). A failed force fails the outcomes of every batch it covered
 * (their events may be visible, but were never acknowledged).
 */
final class MetaSync {

    private static final Logger LOG = LoggerFactory.getLogger(MetaSync.class);

    /** Batches waiting for a force at most. */
    static final int MAX_PENDING = 8;

    /** What to run once the batch is forced, or to fail it with. */
    interface Completion {
        void run(@Nullable Throwable forceFailure);
    }

    private final LmdbEnv db;
    private final Object lock = new Object();
    private final List<Completion> pending = new ArrayList<>();
    private final Thread thread;
    private boolean stopping;
    private boolean forcing;

    MetaSync(LmdbEnv db, String name) {
        this.db = db;
        this.thread = new Thread(this::run, "lmdb-sync-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a committed batch's completion; false (nothing queued) if {@value #MAX_PENDING} already wait. */
    boolean offer(Completion completion) {
        synchronized (lock) {
            if (pending.size() >= MAX_PENDING || stopping) {
                return false;
            }
            pending.add(completion);
            lock.notifyAll();
            return true;
        }
    }

    /** Whether batches wait here or a force is running. */
    boolean busy() {
        synchronized (lock) {
            return forcing || !pending.isEmpty();
        }
    }

    /** Forces and completes what is queued, then ends the thread; returns once it has ended. */
    void stop() throws InterruptedException {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        thread.join();
    }

    private void run() {
        while (true) {
            List<Completion> forced;
            synchronized (lock) {
                while (pending.isEmpty() && !stopping) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return;
                }
                forced = new ArrayList<>(pending);
                pending.clear();
                forcing = true;
            }
            Throwable failure = null;
            try {
                db.force();
            } catch (RuntimeException e) {
                LOG.error("LMDB force failed; {} committed batches are not acknowledged", forced.size(), e);
                failure = e;
            }
            for (Completion c : forced) {
                c.run(failure);
            }
            synchronized (lock) {
                forcing = false;
            }
        }
    }
}
