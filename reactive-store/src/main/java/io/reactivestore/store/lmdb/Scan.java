package io.reactivestore.store.lmdb;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.GetOp;

/**
 * One ordered source of index keys for a filter: a key range of one index (one prefix, within
 * {@code since}/{@code until}), or a fixed list of sort keys (a filter by ids). Keys come newest first.
 * A scan lives across pages: {@link #open} positions it in a fresh transaction at the first key not yet
 * consumed, {@link #close} releases the cursor and remembers where to resume.
 */
abstract class Scan {

    /** The filter this scan feeds. */
    final FilterState owner;
    /** The current key (its last 24 bytes are the sort key), or {@code null} when the scan is done. */
    byte @Nullable [] head;
    boolean done;

    Scan(FilterState owner) {
        this.owner = owner;
    }

    /** Positions the scan in {@code rt}'s transaction; sets {@link #head} or {@link #done}. */
    abstract void open(ReadTxn rt);

    /** Moves past {@link #head}. */
    abstract void advance();

    /** Leaves the transaction (its cursor goes back to it); the next {@link #open} resumes at the current head. */
    abstract void close();

    /** A range of one index: keys starting with {@code prefix}, from {@code until} back to {@code since}. */
    static final class Range extends Scan {
        private final Dbi<byte[]> dbi;
        private final byte[] prefix;
        private final long invertedBound;
        private byte[] resume;
        private @Nullable Cursor<byte[]> cursor;

        Range(FilterState owner, Dbi<byte[]> dbi, byte[] prefix, @Nullable Long since, @Nullable Long until) {
            super(owner);
            this.dbi = dbi;
            this.prefix = prefix;
            this.invertedBound = Keys.invertedBound(since);
            this.resume = Keys.rangeStart(prefix, until);
        }

        @Override
        void open(ReadTxn rt) {
            if (done) {
                return;
            }
            Cursor<byte[]> opened = rt.cursor(dbi);
            cursor = opened;
            accept(opened, opened.get(resume, GetOp.MDB_SET_RANGE));
        }

        @Override
        void advance() {
            Cursor<byte[]> open = Objects.requireNonNull(cursor, "advance() before open()");
            accept(open, open.next());
        }

        private void accept(Cursor<byte[]> open, boolean found) {
            if (found) {
                byte[] key = open.key();
                if (Keys.startsWith(key, prefix) && key.length == prefix.length + Keys.SORT_KEY
                        && Long.compareUnsigned(Keys.invertedTime(key, prefix.length), invertedBound) <= 0) {
                    head = key;
                    return;
                }
            }
            head = null;
            done = true;
        }

        @Override
        void close() {
            cursor = null; // the transaction's, which takes it back
            if (head != null) {
                resume = head;
            }
        }
    }

    /** A fixed, sorted list of sort keys (the events a filter names by id). */
    static final class Fixed extends Scan {
        private final List<byte[]> keys;
        private int next;

        Fixed(FilterState owner, List<byte[]> keys) {
            super(owner);
            this.keys = keys;
        }

        @Override
        void open(ReadTxn rt) {
            position();
        }

        @Override
        void advance() {
            next++;
            position();
        }

        private void position() {
            if (next < keys.size()) {
                head = keys.get(next);
            } else {
                head = null;
                done = true;
            }
        }

        @Override
        void close() {
        }
    }
}
