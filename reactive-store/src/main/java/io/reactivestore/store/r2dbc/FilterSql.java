package io.reactivestore.store.r2dbc;

import io.reactivestore.event.Filter;
import io.reactivestore.internal.Hex;
import io.reactivestore.internal.sql.SqlBuilder;
import io.reactivestore.internal.sql.SqlDialect;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns NIP-01 filters into one parameterized statement over {@code events} and {@code event_tags}.
 *
 * <p>One filter: {@code SELECT ... WHERE <conditions> ORDER BY created_at DESC, id LIMIT n}. Several: each
 * filter selects the ids of its own newest {@code limit} matches, {@code UNION} removes the ids several
 * filters share, and the outer query orders the union newest first. A tag condition {@code #x: [v...]}
 * is {@code id IN (SELECT event_id FROM event_tags WHERE name = x AND tag_value IN (v...))}.
 */
final class FilterSql {

    private FilterSql() {
    }

    /** A query yielding the {@code json} column newest first, or {@code null} if no filter can match. */
    static SqlBuilder query(SqlDialect dialect, List<Filter> filters) {
        List<Filter> live = live(filters);
        if (live.isEmpty()) {
            return null;
        }
        SqlBuilder q = new SqlBuilder(dialect);
        if (live.size() == 1) {
            q.sql("SELECT e.json FROM events e");
            where(q, live.get(0));
            q.sql(" ORDER BY e.created_at DESC, e.id");
            limit(q, live.get(0));
            return q;
        }
        q.sql("SELECT e.json FROM events e JOIN (");
        union(q, live);
        return q.sql(") m ON m.id = e.id ORDER BY e.created_at DESC, e.id");
    }

    /** A query yielding one row with the number of events {@link #query} would return, or {@code null}. */
    static SqlBuilder count(SqlDialect dialect, List<Filter> filters) {
        List<Filter> live = live(filters);
        if (live.isEmpty()) {
            return null;
        }
        SqlBuilder q = new SqlBuilder(dialect);
        if (live.size() == 1 && live.get(0).limit() == null) {
            q.sql("SELECT COUNT(*) FROM events e");
            where(q, live.get(0));
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
            q.sql(i == 0 ? "" : " UNION ").sql("SELECT id FROM (SELECT e.id FROM events e");
            where(q, f);
            if (f.limit() != null) {
                q.sql(" ORDER BY e.created_at DESC, e.id");
                limit(q, f);
            }
            q.sql(") f" + i);
        }
    }

    private static void limit(SqlBuilder q, Filter f) {
        if (f.limit() != null) {
            q.sql(" LIMIT ").param(f.limit());
        }
    }

    private static void where(SqlBuilder q, Filter f) {
        Conditions c = new Conditions(q);
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
        for (Map.Entry<String, Set<String>> tag : f.tags().entrySet()) {
            c.next().sql("e.id IN (SELECT t.event_id FROM event_tags t WHERE t.name = ").param(tag.getKey())
                    .sql(" AND t.tag_value IN ").params(tag.getValue());
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
