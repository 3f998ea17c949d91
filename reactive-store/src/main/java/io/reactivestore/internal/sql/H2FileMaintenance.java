package io.reactivestore.internal.sql;

import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.client.SessionClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.h2.engine.SessionLocal;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.jspecify.annotations.Nullable;

/**
 * Online space reclamation and durable syncing of one open H2 file, through H2's own store ({@link MVStore})
 * reached by an embedded session of this JVM (r2dbc-h2 runs H2 in-process, and every session on a file shares
 * one open database).
 *
 * <p><b>Disk.</b> With {@code WRITE_DELAY=0} H2 has no background writer, and the background writer is what
 * compacts: every commit appends its changed pages as a new chunk (tens of KB per lone commit). {@link #reclaim}
 * does what the background writer would: it rewrites the live pages of the sparsest chunks (at most
 * {@code writeBytes} per call) so those chunks become free, commits, and forces the file. The file is opened with
 * {@code RETENTION_TIME=0}, so freed chunks are reused as soon as the two rules below allow.
 *
 * <p><b>Crash safety with immediate reuse</b> (what {@link #sync} adds to a plain {@code fsync}):
 * <ol>
 *   <li><i>The header names the newest chunk.</i> H2 finds the newest chunk after a crash from the file header
 *   and each chunk's predicted successor; it writes the header only now and then, naming the chunk
 *   <em>before</em> the one being written. A chunk stored into a reused gap where the prediction missed is then
 *   found by nothing, and recovery settles on an older complete chunk set: the last acknowledged commit is
 *   gone (seen with {@code RETENTION_TIME=0} alone: {@code OutboxCrashSafetyTest} lost its last commit every
 *   run). So every sync first rewrites the header (under H2's store and serialization locks) to name the
 *   newest chunk, then forces.</li>
 *   <li><i>Space is freed only once its replacement is forced.</i> A chunk that died at version {@code v} may
 *   be overwritten only after a version newer than {@code v} is on the device; otherwise a power cut could leave
 *   the last forced version pointing into overwritten space. Each sync pins (H2's version usage counter) the
 *   version current when it began and releases the previous pin only after its force, so H2 never frees a
 *   chunk that a forced version still needs. H2's default 45 s retention approximated this with a timer.</li>
 * </ol>
 *
 * <p><b>Threading.</b> Blocking (file I/O under H2's store lock): call it from H2 worker threads, never from
 * a Reactor or Netty thread. {@link #sync} calls are serialized among themselves and with {@link #reclaim}.
 */
final class H2FileMaintenance {

    /** Chunks whose live share is below this percentage are rewritten. */
    private static final int TARGET_FILL_RATE = 90;
    /** H2's private {@code RandomAccessStore.writeStoreHeader()}: names the newest chunk in the header. */
    private static final Method WRITE_STORE_HEADER = storeHeaderWriter();

    private final H2ConnectionConfiguration config;
    private final Object forceLock = new Object();
    private @Nullable SessionClient session;
    private @Nullable MVStore store;
    private boolean closed;
    /** The version pinned by the last completed force (guarded by {@link #forceLock}). */
    private MVStore.@Nullable TxCounter pinned;

    H2FileMaintenance(H2ConnectionConfiguration config) {
        this.config = config;
    }

    private static Method storeHeaderWriter() {
        try {
            Method m = RandomAccessStore.class.getDeclaredMethod("writeStoreHeader");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this H2 version has no RandomAccessStore.writeStoreHeader(), which"
                    + " crash-safe space reuse needs; use the H2 version of reactive-store-bom", e);
        }
    }

    /**
     * Rewrites at most {@code writeBytes} of live pages out of sparse chunks, commits and forces the file
     * (as {@link #sync}); does nothing when the chunks are full enough.
     *
     * @return whether anything was rewritten
     */
    synchronized boolean reclaim(int writeBytes) {
        MVStore mv = store();
        FileStore<?> file = mv.getFileStore();
        if (file == null || (file.getChunksFillRate() >= TARGET_FILL_RATE && mv.getFillRate() >= TARGET_FILL_RATE)) {
            return false;
        }
        boolean rewritten = mv.compact(TARGET_FILL_RATE, writeBytes);
        if (rewritten) {
            mv.commit();
            force(mv);
        }
        return rewritten;
    }

    /**
     * The bytes of live data in the file: its length times H2's fill rates (share of the file in chunks,
     * share of the chunks in live pages); falls as data is deleted, unlike the length.
     */
    synchronized long liveBytes() {
        MVStore mv = store();
        FileStore<?> file = mv.getFileStore();
        return file == null ? 0 : file.size() * mv.getFillRate() / 100 * file.getChunksFillRate() / 100;
    }

    /**
     * Makes every commit H2 has written so far durable: names the newest chunk in the file header, forces the
     * file ({@code fsync}), then lets H2 reuse the space that those commits freed (see the class comment).
     */
    void sync() {
        MVStore mv;
        synchronized (this) {
            mv = store();
        }
        force(mv);
    }

    private void force(MVStore mv) {
        synchronized (forceLock) {
            MVStore.TxCounter[] pin = new MVStore.TxCounter[1];
            mv.executeFilestoreOperation(() -> {
                writeStoreHeader(mv.getFileStore());
                pin[0] = mv.registerVersionUsage();
            });
            try {
                mv.sync();
            } catch (RuntimeException e) {
                mv.deregisterVersionUsage(pin[0]);
                throw e;
            }
            MVStore.TxCounter previous = pinned;
            pinned = pin[0];
            if (previous != null) {
                mv.deregisterVersionUsage(previous);
            }
        }
    }

    private static void writeStoreHeader(FileStore<?> file) {
        if (!(file instanceof RandomAccessStore)) {
            return; // an H2 file store kind without chunk prediction: nothing to name
        }
        try {
            WRITE_STORE_HEADER.invoke(file);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The open store; never reopens the database after {@link #close()}. */
    private synchronized MVStore store() {
        if (closed) {
            throw new IllegalStateException("H2 file handle closed");
        }
        if (store == null || store.isClosed()) {
            if (session != null) {
                session.getSession().close();
            }
            synchronized (forceLock) {
                pinned = null; // a pin on a closed store is gone with it
            }
            session = new SessionClient(config.getConnectionInfo(), false);
            store = ((SessionLocal) session.getSession()).getDatabase().getStore().getMvStore();
        }
        return store;
    }

    /** Releases the pinned version and closes the embedded session (the database stays open while the pool has connections). */
    synchronized void close() {
        closed = true;
        synchronized (forceLock) {
            if (pinned != null && store != null && !store.isClosed()) {
                store.deregisterVersionUsage(pinned);
            }
            pinned = null;
        }
        if (session != null) {
            session.getSession().close();
            session = null;
            store = null;
        }
    }
}
