package io.reactivestore.store.lmdb;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.internal.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import org.lmdbjava.Txn;

/**
 * One filter of a query: the index scans chosen for it, how many more events it may contribute
 * ({@code limit}), and whether its index scans alone decide a match ({@code covered}), in which case a
 * count need not read the events.
 *
 * <p><b>Plan.</b> The most selective index the filter names: ids (looked up, then sorted); authors with
 * kinds (author+kind index, one range per pair, up to {@value #MAX_PAIRS} pairs); authors (the author+kind index
 * too, one range per kind each author has used, of the filter's kinds if it has more pairs than that; the kinds
 * are read once, in the first page's snapshot, so a kind an author first uses while a long query pages on is not
 * scanned by it); the
 * {@linkplain Filter#indexTag() index tag} (the rule every planner shares); kinds; else the time index.
 * One range per value; ranges are bounded by {@code since}/{@code until}. Conditions the index does not cover are checked on the event.
 *
 * <p><b>Residual.</b> An event met through a scan already satisfies what the scan's key guarantees exactly (its author,
 * author and kind, its kind, and {@code since}/{@code until}); only the rest, {@link #residual}, is checked on
 * it, so a query does not hash an author's key or an id again for each event it reads. Tag conditions are
 * always checked: a tag key holds a hash of the value, not the value.
 */
final class FilterState {

    /** Most author-kind pairs scanned through the author+kind index before falling back to authors. */
    static final int MAX_PAIRS = 1024;

    final Filter filter;
    long remaining;
    boolean covered;
    /**
     * The conditions an event met through {@link #scans} must still be checked for, or {@code null} when the
     * scans decide a match alone (then {@link #covered}). Set by the plan.
     */
    @Nullable Filter residual;
    private @Nullable List<Scan> scans;

    FilterState(Filter filter) {
        this.filter = filter;
        this.remaining = filter.limit() == null ? Long.MAX_VALUE : filter.limit();
    }

    /** The scans of this filter, planned on first use (ids and an author's kinds are resolved in {@code rt}). */
    List<Scan> scans(LmdbEnv db, ReadTxn rt) {
        if (scans == null) {
            scans = plan(db, rt);
        }
        return scans;
    }

    private List<Scan> plan(LmdbEnv db, ReadTxn rt) {
        Txn<byte[]> txn = rt.txn;
        Filter f = filter;
        List<Scan> out = new ArrayList<>();
        Long since = f.since();
        Long until = f.until();
        Map<String, Set<String>> tags = f.tags();
        if (f.ids() != null) {
            List<byte[]> keys = new ArrayList<>(f.ids().size());
            for (String id : f.ids()) {
                byte[] seq = db.ids.get(txn, Hex.decode(id));
                Event e = seq == null ? null : db.load(txn, seq);
                if (e != null) {
                    if (f.matches(e)) {
                        keys.add(Keys.sortKey(e, Keys.getLong(seq, 0)));
                    }
                }
            }
            keys.sort(Arrays::compareUnsigned);
            out.add(new Scan.Fixed(this, keys));
            residual = null; // every listed event was checked against the whole filter above
        } else if (f.authors() != null && f.kinds() != null
                && (long) f.authors().size() * f.kinds().size() <= MAX_PAIRS) {
            for (String author : f.authors()) {
                for (int kind : f.kinds()) {
                    out.add(new Scan.Range(this, db.byAuthorKind, Keys.pubkeyKind(author, kind), since, until));
                }
            }
            residual = residual(null, tags);
        } else if (f.authors() != null) {
            Cursor<byte[]> cursor = rt.cursor(db.byAuthorKind);
            for (String author : f.authors()) {
                byte[] pubkey = Keys.pubkey(author);
                for (int kind : kindsOf(cursor, pubkey)) {
                    if (f.kinds() == null || f.kinds().contains(kind)) {
                        out.add(new Scan.Range(this, db.byAuthorKind, Keys.pubkeyKind(pubkey, kind), since, until));
                    }
                }
            }
            // the scans are the author+kind ranges of the filter's kinds only: both are met exactly
            residual = residual(null, tags);
        } else if (!tags.isEmpty()) {
            String letter = Objects.requireNonNull(f.indexTag(), "a filter with tags has an index tag");
            for (String value : Objects.requireNonNull(tags.get(letter), letter)) {
                out.add(new Scan.Range(this, db.byTag, Keys.tag(letter, value), since, until));
            }
            // the index tag stays: its keys hold a 128-bit hash of the value, not the value
            residual = residual(f.kinds(), tags); // authors are null on this branch
        } else if (f.kinds() != null) {
            for (int kind : f.kinds()) {
                out.add(new Scan.Range(this, db.byKind, Keys.kind(kind), since, until));
            }
            residual = residual(null, Map.of());
        } else {
            out.add(new Scan.Range(this, db.byTime, new byte[0], since, until));
            residual = residual(null, Map.of());
        }
        covered = residual == null;
        return out;
    }

    /**
     * The filter's conditions left to check: {@code kinds} and {@code tags} as given (what the chosen index
     * does not guarantee) and the filter's {@code search}; {@code null} when there are none.
     */
    private @Nullable Filter residual(@Nullable Set<Integer> kinds, Map<String, Set<String>> tags) {
        if (kinds == null && tags.isEmpty() && filter.search() == null) {
            return null;
        }
        return new Filter(null, null, kinds, tags, null, null, null, filter.search());
    }

    /**
     * The kinds {@code pubkey} has events of, ascending, read from the author+kind index by skipping from one kind's
     * range to the next (one descent per kind, however many events each holds).
     */
    private static List<Integer> kindsOf(Cursor<byte[]> cursor, byte[] pubkey) {
        List<Integer> kinds = new ArrayList<>(4);
        byte[] probe = Keys.pubkeyKind(pubkey, 0);
        while (cursor.get(probe, GetOp.MDB_SET_RANGE) && Keys.startsWith(cursor.key(), pubkey)) {
            byte[] key = cursor.key();
            int kind = (key[32] & 0xff) << 8 | key[33] & 0xff;
            kinds.add(kind);
            if (kind == 0xffff) {
                break;
            }
            probe = Keys.pubkeyKind(pubkey, kind + 1);
        }
        return kinds;
    }
}
