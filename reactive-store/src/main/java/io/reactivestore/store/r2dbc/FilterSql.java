package io.reactivestore.store.r2dbc;

import io.reactivestore.event.Filter;
import io.reactivestore.event.SearchTerms;
import io.reactivestore.internal.Hex;
import io.reactivestore.internal.sql.SqlBuilder;
import io.reactivestore.internal.sql.SqlDialect;
import io.reactivestore.store.internal.SearchRanking;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns NIP-01 filters into one parameterized statement over {@code events} and {@code event_tags}.
 *
 * <p>One filter: {@code SELECT ... WHERE <conditions> ORDER BY created_at DESC, id LIMIT n}. Several: each
 * filter selects the ids of its own newest {@code limit} matches, {@code UNION} removes the ids several
 * filters share, and the outer query orders the union newest first. The first one-value tag condition
 * drives the query from the tag index (see {@code select}); other tag conditions {@code #x: [v...]} are
 * {@code id IN (SELECT event_id FROM event_tags WHERE name = x AND tag_value IN (v...))}.
 *
 * <p>A {@code search} adds the dialect's word condition on {@code e.search_text}
 * ({@link SqlDialect#appendSearchMatch}); a search filter with a limit selects its best matches
 * ({@code ORDER BY score DESC, created_at DESC, id LIMIT n}, the score being
 * {@link SqlDialect#appendSearchRank}, exactly {@link io.reactivestore.event.SearchTerms#score}). A query ranked
 * by its search ({@link SearchRanking#rankedBy}) is ordered that way, alone or in the outer query of the union
 * form; any other query newest first.
 */
final class FilterSql {

    private FilterSql() {
    }

    /** A query yielding the {@code json} column in the query's order, or {@code null} if no filter can match. */
    static @Nullable SqlBuilder query(SqlDialect dialect, List<Filter> filters) {
        List<Filter> live = live(filters);
        if (live.isEmpty()) {
            return null;
        }
        SqlBuilder q = new SqlBuilder(dialect);
        if (live.size() == 1) {
            select(q, live.get(0), "e.json", true);
            return q;
        }
        q.sql("SELECT e.json FROM events e JOIN (");
        union(q, live);
        q.sql(") m ON m.id = e.id ORDER BY ");
        SearchTerms ranked = SearchRanking.rankedBy(live);
        if (ranked != null) {
            dialect.appendSearchRank(q, "e.search_text", ranked.terms());
            q.sql(" DESC, ");
        }
        return q.sql("e.created_at DESC, e.id");
    }

    /** A query yielding one row with the number of events {@link #query} would return, or {@code null}. */
    static @Nullable SqlBuilder count(SqlDialect dialect, List<Filter> filters) {
        List<Filter> live = live(filters);
        if (live.isEmpty()) {
            return null;
        }
        SqlBuilder q = new SqlBuilder(dialect);
        if (live.size() == 1 && live.get(0).limit() == null) {
            select(q, live.get(0), "COUNT(*)", false);
            return q;
        }
        q.sql("SELECT COUNT(*) FROM (");
        union(q, live);
        return q.sql(") m");
    }

    private static List<Filter> live(List<Filter> filters) {
        List<Filter> live = new ArrayList<>(filters.size());
        for (Filter f : filters) {
            if (f.canMatch()) {
                live.add(f);
            }
        }
        return live;
    }

    private static void union(SqlBuilder q, List<Filter> filters) {
        for (int i = 0; i < filters.size(); i++) {
            Filter f = filters.get(i);
            q.sql(i == 0 ? "" : " UNION ").sql("SELECT id FROM (");
            select(q, f, "e.id", f.limit() != null);
            q.sql(") f" + i);
        }
    }

    /**
     * {@code SELECT columns} of the events matching {@code f}, if {@code ordered} in its order (best first for
     * a search, else newest first) with its limit. A filter with a one-value tag condition and no ids is driven by the tag index:
     * {@code event_tags} rows of that (name, value) in {@code created_at} order, joined to their events,
     * so a limit stops the scan early; otherwise {@code events} is scanned through its own indexes.
     */
    private static void select(SqlBuilder q, Filter f, String columns, boolean ordered) {
        String driver = f.ids() == null ? drivingTag(f) : null;
        q.sql("SELECT ").sql(columns);
        Conditions c = new Conditions(q);
        if (driver == null) {
            q.sql(" FROM events e");
        } else {
            q.sql(" FROM event_tags d JOIN events e ON e.id = d.event_id");
            c.next().sql("d.name = ").param(driver).sql(" AND d.tag_value = ").param(values(f, driver).iterator().next());
            if (f.since() != null) {
                q.sql(" AND d.created_at >= ").param(f.since());
            }
            if (f.until() != null) {
                q.sql(" AND d.created_at <= ").param(f.until());
            }
        }
        where(c, f, driver);
        if (ordered && f.search() != null) {
            q.sql(" ORDER BY ");
            q.dialect().appendSearchRank(q, "e.search_text", Objects.requireNonNull(f.searchTerms(), "search").terms());
            q.sql(" DESC, e.created_at DESC, e.id");
            Integer limit = f.limit();
            if (limit != null) {
                q.sql(" LIMIT ").param(limit);
            }
        } else if (ordered) {
            q.sql(orderBy(f, driver));
            if (f.limit() != null) {
                q.sql(" LIMIT ").param(f.limit());
            }
        }
    }

    /**
     * Newest first, ties lowest id first, spelled so that the index serving the filter also serves the
     * order and a limit stops the scan early: a column the {@code WHERE} clause fixes to one value
     * ({@code d.name}, {@code d.tag_value}; a single author or kind) leads the {@code ORDER BY}, which
     * does not change the order but lets H2 see that its index {@code (pubkey, created_at DESC, id)}
     * (or the tag or kind index) is already sorted; without it H2 reads every match and sorts (a
     * kind with 10 000 events: 10 000 rows read for a limit of 50). PostgreSQL's planner drops such
     * constant columns by itself.
     */
    private static String orderBy(Filter f, @Nullable String drivingTag) {
        if (drivingTag != null) {
            return " ORDER BY d.name, d.tag_value, d.created_at DESC, d.event_id";
        }
        if (f.authors() != null && f.authors().size() == 1) {
            return " ORDER BY e.pubkey, e.created_at DESC, e.id";
        }
        if (f.kinds() != null && f.kinds().size() == 1) {
            return " ORDER BY e.kind, e.created_at DESC, e.id";
        }
        return " ORDER BY e.created_at DESC, e.id";
    }

    /** The first tag condition with one value in {@link Filter#tagsBySelectivity()} order, or {@code null}. */
    static @Nullable String drivingTag(Filter f) {
        for (String letter : f.tagsBySelectivity()) {
            if (values(f, letter).size() == 1) {
                return letter;
            }
        }
        return null;
    }

    /** The values of tag condition {@code letter}, which {@code f} has (the letter came from its keys). */
    private static Set<String> values(Filter f, String letter) {
        return Objects.requireNonNull(f.tags().get(letter), letter);
    }

    private static void where(Conditions c, Filter f, @Nullable String drivingTag) {
        if (f.ids() != null) {
            c.next().sql("e.id IN ").params(bytes(f.ids()));
        }
        if (f.authors() != null) {
            c.next().sql("e.pubkey IN ").params(bytes(f.authors()));
        }
        if (f.kinds() != null) {
            c.next().sql("e.kind IN ").params(f.kinds());
        }
        if (f.since() != null) {
            c.next().sql("e.created_at >= ").param(f.since());
        }
        if (f.until() != null) {
            c.next().sql("e.created_at <= ").param(f.until());
        }
        if (f.search() != null) {
            SqlBuilder q = c.next();
            q.dialect().appendSearchMatch(q, "e.search_text", Objects.requireNonNull(f.searchTerms(), "search").terms());
        }
        for (Map.Entry<String, Set<String>> tag : f.tags().entrySet()) {
            if (tag.getKey().equals(drivingTag)) {
                continue;
            }
            SqlBuilder q = c.next().sql("e.id IN (SELECT t.event_id FROM event_tags t WHERE t.name = ")
                    .param(tag.getKey()).sql(" AND t.tag_value IN ").params(tag.getValue());
            if (f.since() != null) {
                q.sql(" AND t.created_at >= ").param(f.since());
            }
            if (f.until() != null) {
                q.sql(" AND t.created_at <= ").param(f.until());
            }
            q.sql(")");
        }
    }

    private static List<byte[]> bytes(Collection<String> hex) {
        List<byte[]> out = new ArrayList<>(hex.size());
        for (String h : hex) {
            out.add(Hex.decode(h));
        }
        return out;
    }

    /** Joins conditions with {@code WHERE} / {@code AND}. */
    private static final class Conditions {
        private final SqlBuilder q;
        private boolean first = true;

        Conditions(SqlBuilder q) {
            this.q = q;
        }

        SqlBuilder next() {
            q.sql(first ? " WHERE " : " AND ");
            first = false;
            return q;
        }
    }
}
