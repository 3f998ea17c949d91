package io.reactivestore.store.lmdb;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.Txn;

/**
 * One query (or count) over several filters, run as a sequence of pages. Each page is one short read
 * transaction: it positions every live scan, merges their heads newest first (a k-way merge on the sort
 * key that ends every index key, so one event met through several scans or filters is taken once),
 * checks each event against the filters that reached it, counts it against their limits, and stops
 * after {@code maxEvents} results or {@code maxKeys} index keys; then it closes the transaction and
 * remembers where every scan stands. Between pages nothing is held, so a slow subscriber never pins old
 * pages of the file.
 *
 * <p><b>Consistency across pages.</b> A page sees one snapshot. A replacement committed between two
 * pages gives the new version a sort key before the old one's (newer, or equally new with a lower id),
 * so it lies behind the scans' positions: a query never returns two versions of one address.
 *
 * <p>Not thread-safe: pages run one after the other (a Reactor chain orders them).
 */
final class PagedQuery {

    private final LmdbEnv db;
    private final List<FilterState> filters = new ArrayList<>();
    private final boolean countOnly;
    private boolean done;
    private long counted;

    PagedQuery(LmdbEnv db, List<Filter> filters, boolean countOnly) {
        this.db = db;
        this.countOnly = countOnly;
        for (Filter f : filters) {
            if (f.canMatch()) {
                this.filters.add(new FilterState(f));
            }
        }
        done = this.filters.isEmpty();
    }

    boolean done() {
        return done;
    }

    /** Events matched so far by a count. */
    long counted() {
        return counted;
    }

    /** The next page: at most {@code maxEvents} events, newest first (none for a count). */
    List<Event> nextPage(int maxEvents, int maxKeys) {
        if (done) {
            return List.of();
        }
        return db.read(rt -> page(rt, maxEvents, maxKeys));
    }

    private static byte[] head(Scan scan) {
        return Objects.requireNonNull(scan.head, "a queued scan stands on a key");
    }

    private List<Event> page(ReadTxn rt, int maxEvents, int maxKeys) {
        Txn<byte[]> txn = rt.txn;
        // a scan is queued only while it stands on a key (head set)
        PriorityQueue<Scan> heads = new PriorityQueue<>((a, b) -> Keys.compareSortKeys(head(a), head(b)));
        List<Scan> opened = new ArrayList<>();
        List<Event> out = new ArrayList<>();
        try {
            for (FilterState f : filters) {
                if (f.remaining == 0) {
                    continue;
                }
                for (Scan s : f.scans(db, rt)) {
                    if (!s.done) {
                        opened.add(s);
                        s.open(rt);
                        if (s.head != null) {
                            heads.add(s);
                        }
                    }
                }
            }
            List<Scan> same = new ArrayList<>();
            int keys = 0;
            while (!heads.isEmpty() && out.size() < maxEvents && keys < maxKeys) {
                same.clear();
                Scan first = heads.poll();
                byte[] sortKeyOwner = head(first);
                same.add(first);
                while (!heads.isEmpty() && Keys.compareSortKeys(head(heads.peek()), sortKeyOwner) == 0) {
                    same.add(heads.poll());
                }
                keys += same.size();
                Event event = take(txn, same, Keys.seqOf(sortKeyOwner));
                boolean exhausted = false;
                for (Scan s : same) {
                    s.advance();
                    if (s.owner.remaining == 0) {
                        exhausted = true;
                    } else if (s.head != null) {
                        heads.add(s);
                    }
                }
                if (exhausted) {
                    heads.removeIf(s -> s.owner.remaining == 0);
                }
                if (event != null) {
                    out.add(event);
                }
            }
            if (heads.isEmpty()) {
                done = true;
            }
        } finally {
            for (Scan s : opened) {
                s.close();
            }
        }
        return out;
    }

    /**
     * Checks the event the scans in {@code same} stand on against what their filters' scans do not guarantee
     * ({@link FilterState#residual}); counts it against each
     * filter it matches. Returns the event if the query should emit it, else {@code null}.
     */
    private @Nullable Event take(Txn<byte[]> txn, List<Scan> same, long seq) {
        Event event = null;
        boolean loaded = false;
        boolean matched = false;
        FilterState previous = null;
        for (Scan s : same) {
            FilterState f = s.owner;
            if (f == previous || f.remaining == 0 || alreadyCounted(same, s)) {
                continue;
            }
            previous = f;
            boolean match;
            if (countOnly && f.covered) {
                match = true;
            } else {
                if (!loaded) {
                    event = db.load(txn, seq);
                    loaded = true;
                }
                match = event != null && (f.residual == null || f.residual.matches(event));
            }
            if (match) {
                f.remaining--;
                matched = true;
            }
        }
        if (!matched) {
            return null;
        }
        if (countOnly) {
            counted++;
            return null;
        }
        return event;
    }

    /** Whether a scan before {@code s} in {@code same} belongs to the same filter. */
    private static boolean alreadyCounted(List<Scan> same, Scan s) {
        for (Scan other : same) {
            if (other == s) {
                return false;
            }
            if (other.owner == s.owner) {
                return true;
            }
        }
        return false;
    }
}
