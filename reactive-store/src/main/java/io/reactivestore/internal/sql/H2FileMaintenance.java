package io.reactivestore.internal.sql;

import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.client.SessionClient;
import org.h2.engine.SessionLocal;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * Online space reclamation and syncing of one open H2 file, through H2's own store ({@link MVStore}) reached
 * by an embedded session of this JVM (r2dbc-h2 runs H2 in-process, and every session on a file shares one
 * open database).
 *
 * <p><b>Why.</b> With {@code WRITE_DELAY=0} H2 has no background writer, and the background writer is
 * what compacts: every commit appends its changed pages as a new chunk and the file grows by tens of KB per
 * lone commit (measured: 48 KB per lone save, 85x the compacted size after 5 000 saves). {@link #reclaim}
 * does what the background writer would: it rewrites the live pages of the sparsest chunks (at most
 * {@code writeBytes} per call) so those chunks become free, commits, and forces the file. The freed space is reused once H2's retention time (45 s by default)
 * has passed; {@code RETENTION_TIME=0} (reuse at once) kept the file within 2-3x of its compacted size but
 * lost an acknowledged commit after a SIGKILL, so it is not used.
 *
 * <p><b>Threading.</b> Not thread-safe and blocking (file I/O under H2's store lock): call it from one
 * H2 worker thread at a time (the owning store's writer), never from a Reactor or Netty thread.
 */
final class H2FileMaintenance {

    /** Chunks whose live share is below this percentage are rewritten. */
    private static final int TARGET_FILL_RATE = 90;

    private final H2ConnectionConfiguration config;
    private SessionClient session;
    private MVStore store;
    private boolean closed;

    H2FileMaintenance(H2ConnectionConfiguration config) {
        this.config = config;
    }

    /**
     * Rewrites at most {@code writeBytes} of live pages out of sparse chunks, commits and forces the file;
     * does nothing when the chunks are full enough.
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
            mv.sync();
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

    /** Forces every byte H2 has written to the file onto the device ({@code fsync}). */
    void sync() {
        MVStore mv;
        synchronized (this) {
            mv = store();
        }
        mv.sync();
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
            session = new SessionClient(config.getConnectionInfo(), false);
            store = ((SessionLocal) session.getSession()).getDatabase().getStore().getMvStore();
        }
        return store;
    }

    /** Closes the embedded session (the database stays open while the pool has connections). */
    synchronized void close() {
        closed = true;
        if (session != null) {
            session.getSession().close();
            session = null;
            store = null;
        }
    }
}
