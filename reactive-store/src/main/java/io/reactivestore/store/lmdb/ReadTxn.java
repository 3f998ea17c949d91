package io.reactivestore.store.lmdb;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * A read-only LMDB transaction that is reused rather than closed: between uses it is reset (it keeps its reader
 * slot but no snapshot, so it pins no pages) and renewed on the next use; its cursors stay open the same way and
 * are renewed when handed out again. Opening a transaction and a cursor through lmdbjava allocates several native
 * buffers each and calls {@code mdb_txn_begin}/{@code mdb_cursor_open}; a query page needs one transaction and one
 * cursor per scanned range, so reusing them is most of the fixed cost of a short query.
 *
 * <p>Used by one thread at a time ({@link LmdbEnv} lends it out of a pool). At most {@value #IDLE_CURSORS} idle
 * cursors are kept per database; more are closed.
 */
final class ReadTxn {

    /** Idle cursors kept per database. */
    static final int IDLE_CURSORS = 8;

    final Txn<byte[]> txn;
    private final Map<Dbi<byte[]>, ArrayDeque<Cursor<byte[]>>> idle = new IdentityHashMap<>();
    private final List<Cursor<byte[]>> lent = new ArrayList<>();
    private final List<Dbi<byte[]>> lentFrom = new ArrayList<>();

    /** A new, active transaction. */
    ReadTxn(Env<byte[]> env) {
        this.txn = env.txnRead();
    }

    /**
     * A cursor on {@code dbi} in this transaction, positioned nowhere; it is the caller's until {@link #release},
     * which takes it back (the caller must not close it).
     */
    Cursor<byte[]> cursor(Dbi<byte[]> dbi) {
        ArrayDeque<Cursor<byte[]>> free = idle.get(dbi);
        Cursor<byte[]> cursor = free == null ? null : free.poll();
        if (cursor == null) {
            cursor = dbi.openCursor(txn);
        } else {
            cursor.renew(txn); // opened in an earlier use of this transaction
        }
        lent.add(cursor);
        lentFrom.add(dbi);
        return cursor;
    }

    /** Renews the reset transaction for the next use. */
    void renew() {
        txn.renew();
    }

    /** Takes the lent cursors back and resets the transaction (it no longer pins a snapshot). */
    void release() {
        try {
            for (int i = 0; i < lent.size(); i++) {
                ArrayDeque<Cursor<byte[]>> free = idle.computeIfAbsent(lentFrom.get(i), d -> new ArrayDeque<>());
                if (free.size() < IDLE_CURSORS) {
                    free.add(lent.get(i));
                } else {
                    lent.get(i).close();
                }
            }
        } finally {
            lent.clear();
            lentFrom.clear();
            txn.reset();
        }
    }

    /** Closes the cursors and aborts the (reset) transaction, releasing its reader slot. */
    void close() {
        txn.renew(); // lmdbjava aborts only an active transaction
        for (ArrayDeque<Cursor<byte[]>> free : idle.values()) {
            free.forEach(Cursor::close);
        }
        idle.clear();
        txn.close();
    }
}
