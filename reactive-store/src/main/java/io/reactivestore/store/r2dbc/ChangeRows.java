package io.reactivestore.store.r2dbc;

import io.r2dbc.spi.Connection;
import io.reactivestore.event.NostrJson;
import io.reactivestore.internal.Hex;
import io.reactivestore.internal.sql.SqlBuilder;
import io.reactivestore.internal.sql.SqlDialect;
import io.reactivestore.internal.sql.SqlType;
import io.reactivestore.store.feed.StoreChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The SQL of the change log: stored rows carry {@code seq} and {@code origin}, removed rows are logged in
 * {@code event_removals} with a number of the same sequence ({@code event_changes_seq}). Removals are
 * kept {@value #KEEP_REMOVALS_SECONDS} s (pruned by each write that logs removals): a follower that
 * falls further behind than that misses removals, never stored events.
 */
final class ChangeRows {

    /** How long a removal stays in {@code event_removals}. */
    static final long KEEP_REMOVALS_SECONDS = 3600;

    private static final List<String> REMOVAL_COLUMNS = List.of("event_id", "removed_at");
    private static final List<SqlType> REMOVAL_TYPES = List.of(SqlType.BINARY, SqlType.BIGINT);

    private ChangeRows() {
    }

    /** Logs the removal of {@code ids} (binary) in the current transaction, and prunes old removals. */
    static Mono<Void> recordRemovals(SqlDialect dialect, Connection c, List<byte[]> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        long now = System.currentTimeMillis() / 1000;
        List<Object[]> rows = new ArrayList<>(ids.size());
        for (byte[] id : ids) {
            rows.add(new Object[] {id, now});
        }
        return Flux.fromIterable(dialect.insertRows("event_removals", REMOVAL_COLUMNS, REMOVAL_TYPES, rows))
                .concatMap(q -> SaveBatch.execute(c, q))
                .then(prune(dialect, c, now));
    }

    /** Logs the removal of every stored row (before a nuke), in the current transaction. */
    static Mono<Void> recordRemovalOfAll(SqlDialect dialect, Connection c) {
        long now = System.currentTimeMillis() / 1000;
        return SaveBatch.execute(c, new SqlBuilder(dialect)
                        .sql("INSERT INTO event_removals (event_id, removed_at) SELECT id, ").param(now)
                        .sql(" FROM events"))
                .then(prune(dialect, c, now));
    }

    private static Mono<Void> prune(SqlDialect dialect, Connection c, long now) {
        return SaveBatch.execute(c, new SqlBuilder(dialect).sql("DELETE FROM event_removals WHERE removed_at < ")
                .param(now - KEEP_REMOVALS_SECONDS));
    }

    /** The highest visible number of either table (0 if none). */
    static SqlBuilder lastSequence(SqlDialect dialect) {
        return new SqlBuilder(dialect).sql("SELECT GREATEST(COALESCE((SELECT MAX(seq) FROM events), 0),"
                + " COALESCE((SELECT MAX(seq) FROM event_removals), 0))");
    }

    /**
     * PostgreSQL: the highest visible number, the snapshot as text and its first unassigned transaction
     * number, all read in one statement (one snapshot).
     */
    static SqlBuilder start(SqlDialect dialect) {
        return new SqlBuilder(dialect).sql("SELECT GREATEST(COALESCE((SELECT MAX(seq) FROM events), 0),"
                + " COALESCE((SELECT MAX(seq) FROM event_removals), 0)), CAST(s AS TEXT), txid_snapshot_xmax(s)"
                + " FROM (SELECT txid_current_snapshot() AS s) snap");
    }

    /** PostgreSQL: the oldest running transaction number and the first unassigned one. */
    static SqlBuilder horizon(SqlDialect dialect) {
        return new SqlBuilder(dialect).sql("SELECT txid_snapshot_xmin(s), txid_snapshot_xmax(s)"
                + " FROM (SELECT txid_current_snapshot() AS s) snap");
    }

    /**
     * PostgreSQL: the changes numbered at or below {@code sequence} written by transactions that
     * {@code snapshot} did not see as committed (found through the {@code txid} index: only transactions
     * from the snapshot's oldest running one on), in order.
     */
    static SqlBuilder committedAfter(SqlDialect dialect, long sequence, String snapshot) {
        SqlBuilder q = new SqlBuilder(dialect).sql("SELECT * FROM (").sql(storedColumns(dialect));
        lateWhere(q, sequence, snapshot);
        q.sql(" UNION ALL ").sql(removedColumns(dialect));
        lateWhere(q, sequence, snapshot);
        return q.sql(") c ORDER BY seq");
    }

    private static void lateWhere(SqlBuilder q, long sequence, String snapshot) {
        q.sql(" WHERE txid >= txid_snapshot_xmin(CAST(").param(snapshot).sql(" AS txid_snapshot)) AND seq <= ")
                .param(sequence).sql(" AND NOT txid_visible_in_snapshot(txid, CAST(").param(snapshot)
                .sql(" AS txid_snapshot))");
    }

    /** Changes numbered above {@code after}, in order, at most {@code limit}. */
    static SqlBuilder after(SqlDialect dialect, long after, int limit) {
        SqlBuilder q = new SqlBuilder(dialect).sql("SELECT * FROM (SELECT * FROM (")
                .sql(storedColumns(dialect)).sql(" WHERE seq > ").param(after).sql(" ORDER BY seq LIMIT ").param(limit)
                .sql(") s UNION ALL SELECT * FROM (")
                .sql(removedColumns(dialect)).sql(" WHERE seq > ").param(after).sql(" ORDER BY seq LIMIT ").param(limit)
                .sql(") r) c ORDER BY seq LIMIT ").param(limit);
        return q;
    }

    /** Changes among {@code sequences}, in order. */
    static SqlBuilder among(SqlDialect dialect, Collection<Long> sequences) {
        List<Long> values = new ArrayList<>(sequences);
        SqlBuilder q = new SqlBuilder(dialect).sql("SELECT * FROM (").sql(storedColumns(dialect)).sql(" WHERE ");
        dialect.appendIn(q, "seq", SqlType.BIGINT, values);
        q.sql(" UNION ALL ").sql(removedColumns(dialect)).sql(" WHERE ");
        dialect.appendIn(q, "seq", SqlType.BIGINT, values);
        return q.sql(") c ORDER BY seq");
    }

    private static String storedColumns(SqlDialect dialect) {
        return "SELECT seq, origin, json, CAST(NULL AS " + dialect.binaryType(32) + ") AS removed FROM events";
    }

    private static String removedColumns(SqlDialect dialect) {
        return "SELECT seq, CAST(0 AS BIGINT) AS origin, CAST(NULL AS " + dialect.binaryType(16_777_216)
                + ") AS json, event_id AS removed FROM event_removals";
    }

    /** Runs {@code q} (one of the reads above) and maps its rows, read whole (bounded by the query). */
    static Flux<StoreChange> read(Connection c, SqlBuilder q, long origin) {
        return Flux.from(q.bind(c).execute())
                .concatMap(r -> r.map((row, m) -> {
                    long seq = row.get(0, Long.class);
                    byte[] json = row.get(2, byte[].class);
                    if (json != null) {
                        long rowOrigin = row.get(1, Long.class);
                        return StoreChange.stored(seq, rowOrigin == origin, NostrJson.parseStoredEvent(json));
                    }
                    return StoreChange.removed(seq, Hex.encode(row.get(3, byte[].class)));
                }));
    }
}
