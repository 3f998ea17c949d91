package io.reactivestore.store.lmdb;

import io.reactivestore.event.Event;
import io.reactivestore.event.NostrJson;
import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;

/**
 * Every stored event in sequence order, in pages: each page is one short read transaction that resumes
 * after the last sequence number returned. Not thread-safe: pages run one after the other.
 */
final class ExportCursor {

    private final LmdbEnv db;
    private long nextSeq = 0;
    private boolean done;

    ExportCursor(LmdbEnv db) {
        this.db = db;
    }

    boolean done() {
        return done;
    }

    List<Event> nextPage(int max) {
        if (done) {
            return List.of();
        }
        return db.read(rt -> {
            List<Event> out = new ArrayList<>(Math.min(max, 64));
            Cursor<byte[]> c = rt.cursor(db.events);
            boolean found = c.get(Keys.seq(nextSeq), GetOp.MDB_SET_RANGE);
            while (found && out.size() < max) {
                out.add(NostrJson.parseStoredEvent(c.val()));
                nextSeq = Keys.getLong(c.key(), 0) + 1;
                found = c.next();
            }
            done = !found;
            return out;
        });
    }
}
