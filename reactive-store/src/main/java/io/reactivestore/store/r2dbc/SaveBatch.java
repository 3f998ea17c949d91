package io.reactivestore.store.r2dbc;

import io.r2dbc.spi.Connection;
import io.reactivestore.event.Event;
import io.reactivestore.internal.Hex;
import io.reactivestore.internal.sql.SqlBuilder;
import io.reactivestore.internal.sql.SqlDialect;
import io.reactivestore.store.SaveResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes a batch of events inside one open transaction, with the outcome each would have had if they
 * had been saved one after the other in batch order.
 *
 * <p>Three reads fetch what decides the outcomes (ids already stored, tombstones of these ids, current
 * versions of these replaceable addresses); the decisions are made in memory; then one {@code DELETE}
 * removes replaced versions (their tag rows cascade) and multi-row {@code INSERT}s add events and tag
 * rows. The unique keys on {@code id} and {@code addr} guard against another writer on the same
 * database: a conflict fails the transaction with a unique violation and the caller retries the batch.
 */
final class SaveBatch {

    /**
     * Rows per multi-row {@code INSERT} (fixed, so most statements repeat the same text and the drivers'
     * statement caches hit); R2DBC's {@code Statement.add()}, one binding per row, measured several times
     * slower on PostgreSQL here.
     */
    private static final int EVENT_ROWS = 100;
    private static final int TAG_ROWS = 250;

    private final SqlDialect dialect;
    private final List<EventRow> rows;

    SaveBatch(SqlDialect dialect, List<EventRow> rows) {
        this.dialect = dialect;
        this.rows = rows;
    }

    /** Runs the batch on {@code c} (inside a transaction); emits the results in batch order. */
    Mono<List<SaveResult>> write(Connection c) {
        // the three reads are issued together: r2dbc-postgresql pipelines them on the connection, r2dbc-h2
        // runs them one after the other on the calling (H2) thread
        return Mono.zip(storedIds(c), tombstones(c), currentVersions(c))
                .flatMap(state -> {
                    Decision d = decide(state.getT1(), state.getT2(), state.getT3());
                    return deleteReplaced(c, d.replaced)
                            .then(insertEvents(c, d.inserted))
                            .then(insertTags(c, d.inserted))
                            .thenReturn(d.results);
                });
    }

    private static final class Decision {
        final List<SaveResult> results = new ArrayList<>();
        final List<EventRow> inserted = new ArrayList<>();
        final List<byte[]> replaced = new ArrayList<>();
    }

    /** A stored version of an address: the event if it is in this batch, else its id and time. */
    private record Version(String id, long createdAt, EventRow inBatch) {
        boolean isSupersededBy(Event e) {
            return e.createdAt() != createdAt ? e.createdAt() > createdAt : e.id().compareTo(id) < 0;
        }
    }

    private Decision decide(Set<String> stored, Map<String, Set<String>> tombstones, Map<String, Version> current) {
        Decision d = new Decision();
        Set<String> seen = new HashSet<>(stored);
        for (EventRow row : rows) {
            Event e = row.event();
            Set<String> authors = tombstones.get(e.id());
            if (authors != null && (authors.contains("") || authors.contains(e.pubkey()))) {
                d.results.add(SaveResult.DELETED);
                continue;
            }
            if (!seen.add(e.id())) {
                d.results.add(SaveResult.DUPLICATE);
                continue;
            }
            if (row.addr() == null) {
                d.inserted.add(row);
                d.results.add(SaveResult.SAVED);
                continue;
            }
            String addr = Hex.encode(row.addr());
            Version old = current.get(addr);
            if (old != null && !old.isSupersededBy(e)) {
                seen.remove(e.id());
                d.results.add(SaveResult.OUTDATED);
                continue;
            }
            if (old != null) {
                seen.remove(old.id());
                if (old.inBatch() != null) {
                    d.inserted.remove(old.inBatch());
                } else {
                    d.replaced.add(Hex.decode(old.id()));
                }
            }
            current.put(addr, new Version(e.id(), e.createdAt(), row));
            d.inserted.add(row);
            d.results.add(old == null ? SaveResult.SAVED : SaveResult.REPLACED);
        }
        return d;
    }

    private Mono<Set<String>> storedIds(Connection c) {
        SqlBuilder q = new SqlBuilder(dialect).sql("SELECT id FROM events WHERE id IN ").params(ids());
        return Flux.from(q.bind(c).execute())
                .concatMap(r -> r.map((row, m) -> Hex.encode(row.get(0, byte[].class))))
                .collect(HashSet::new, Set::add);
    }

    private Mono<Map<String, Set<String>>> tombstones(Connection c) {
        SqlBuilder q = new SqlBuilder(dialect).sql("SELECT event_id, author FROM event_tombstones WHERE event_id IN ")
                .params(ids());
        return Flux.from(q.bind(c).execute())
                .concatMap(r -> r.map((row, m) -> new String[] {
                        Hex.encode(row.get(0, byte[].class)), Hex.encode(row.get(1, byte[].class))}))
                .collect(HashMap::new, (map, t) -> map.computeIfAbsent(t[0], k -> new HashSet<>()).add(t[1]));
    }

    private Mono<Map<String, Version>> currentVersions(Connection c) {
        List<byte[]> addrs = new ArrayList<>();
        for (EventRow row : rows) {
            if (row.addr() != null) {
                addrs.add(row.addr());
            }
        }
        if (addrs.isEmpty()) {
            return Mono.just(new HashMap<>());
        }
        SqlBuilder q = new SqlBuilder(dialect).sql("SELECT addr, id, created_at FROM events WHERE addr IN ")
                .params(addrs);
        return Flux.from(q.bind(c).execute())
                .concatMap(r -> r.map((row, m) -> Map.entry(Hex.encode(row.get(0, byte[].class)),
                        new Version(Hex.encode(row.get(1, byte[].class)), row.get(2, Long.class), null))))
                .collect(HashMap::new, (map, entry) -> map.put(entry.getKey(), entry.getValue()));
    }

    private List<byte[]> ids() {
        List<byte[]> ids = new ArrayList<>(rows.size());
        for (EventRow row : rows) {
            ids.add(row.id());
        }
        return ids;
    }

    private Mono<Void> deleteReplaced(Connection c, List<byte[]> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return execute(c, new SqlBuilder(dialect).sql("DELETE FROM events WHERE id IN ").params(ids));
    }

    private Mono<Void> insertEvents(Connection c, List<EventRow> inserted) {
        int perStatement = EVENT_ROWS;
        return Flux.range(0, (inserted.size() + perStatement - 1) / perStatement)
                .concatMap(chunk -> {
                    List<EventRow> part = inserted.subList(chunk * perStatement,
                            Math.min(inserted.size(), (chunk + 1) * perStatement));
                    SqlBuilder q = new SqlBuilder(dialect)
                            .sql("INSERT INTO events (id, pubkey, created_at, kind, addr, json) VALUES ");
                    for (int i = 0; i < part.size(); i++) {
                        EventRow row = part.get(i);
                        Event e = row.event();
                        q.sql(i == 0 ? "(" : ", (").param(row.id()).sql(", ").param(row.pubkey()).sql(", ")
                                .param(e.createdAt()).sql(", ").param(e.kind()).sql(", ");
                        if (row.addr() == null) {
                            q.sql("NULL");
                        } else {
                            q.param(row.addr());
                        }
                        q.sql(", ").param(e.jsonBytes()).sql(")");
                    }
                    return execute(c, q);
                })
                .then();
    }

    private Mono<Void> insertTags(Connection c, List<EventRow> inserted) {
        List<SqlBuilder> statements = new ArrayList<>();
        SqlBuilder q = null;
        for (EventRow row : inserted) {
            for (EventRow.TagEntry tag : row.tags()) {
                if (q == null || q.parameterCount() == 4 * TAG_ROWS) {
                    q = new SqlBuilder(dialect).sql("INSERT INTO event_tags (event_id, name, tag_value, created_at) VALUES ");
                    statements.add(q);
                } else {
                    q.sql(", ");
                }
                q.sql("(").param(row.id()).sql(", ").param(tag.name()).sql(", ").param(tag.value()).sql(", ")
                        .param(row.event().createdAt()).sql(")");
            }
        }
        return Flux.fromIterable(statements).concatMap(s -> execute(c, s)).then();
    }

    static Mono<Void> execute(Connection c, SqlBuilder q) {
        return Flux.from(q.bind(c).execute()).concatMap(r -> r.getRowsUpdated()).then();
    }
}
