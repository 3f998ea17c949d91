package io.reactivestore.store.r2dbc;

import io.r2dbc.spi.Connection;
import io.reactivestore.event.Event;
import io.reactivestore.event.SearchTerms;
import io.reactivestore.internal.Hex;
import io.reactivestore.internal.sql.SqlBuilder;
import io.reactivestore.internal.sql.SqlDialect;
import io.reactivestore.internal.sql.SqlType;
import io.reactivestore.store.SaveResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes a batch of events inside one open transaction, with the outcome each would have had if they
 * had been saved one after the other in batch order.
 *
 * <p>Three reads fetch what decides the outcomes (ids already stored, tombstones of these ids, current
 * versions of these replaceable addresses); the decisions are made in memory; then one {@code DELETE}
 * removes replaced versions (their tag rows cascade) and bulk {@code INSERT}s add events and tag rows
 * ({@link SqlDialect#insertRows}: unnest of column arrays on PostgreSQL, multi-row {@code VALUES} on
 * H2). The unique keys on {@code id} and {@code addr} guard against another writer on the same
 * database: a conflict fails the transaction with a unique violation and the caller retries the batch.
 * On PostgreSQL the batch first takes shared advisory locks on its ids ({@link SqlDialect#eventLocks}),
 * so a deletion of one of them on another connection is ordered before or after the whole batch. Each
 * row records its writer ({@code origin}); replaced rows are logged as removals (the change log).
 */
final class SaveBatch {

    private static final List<String> EVENT_COLUMNS = List.of("id", "pubkey", "created_at", "kind", "addr", "json",
            "origin", "search_text");
    private static final List<SqlType> EVENT_TYPES = List.of(SqlType.BINARY, SqlType.BINARY, SqlType.BIGINT,
            SqlType.INT, SqlType.BINARY, SqlType.BINARY, SqlType.BIGINT, SqlType.TEXT);
    private static final List<String> TAG_COLUMNS = List.of("event_id", "name", "tag_value", "created_at");
    private static final List<SqlType> TAG_TYPES = List.of(SqlType.BINARY, SqlType.TEXT, SqlType.TEXT,
            SqlType.BIGINT);

    private final SqlDialect dialect;
    private final List<EventRow> rows;
    private final long origin;

    /** A batch of {@code rows} written by the store instance {@code origin} (see {@code R2dbcEventStore}). */
    SaveBatch(SqlDialect dialect, List<EventRow> rows, long origin) {
        this.dialect = dialect;
        this.rows = rows;
        this.origin = origin;
    }

    /** The 64-bit advisory-lock key of an event id: its first 8 bytes. */
    static long lockKey(byte[] id) {
        return java.nio.ByteBuffer.wrap(id, 0, 8).getLong();
    }

    /** Runs the batch on {@code c} (inside a transaction); emits the results in batch order. */
    Mono<List<SaveResult>> write(Connection c) {
        List<Long> keys = new ArrayList<>(rows.size());
        for (EventRow row : rows) {
            keys.add(lockKey(row.id()));
        }
        SqlBuilder lock = dialect.eventLocks(keys, true);
        return (lock == null ? Mono.<Void>empty() : execute(c, lock)).then(Mono.defer(() -> decideAndWrite(c)));
    }

    private Mono<List<SaveResult>> decideAndWrite(Connection c) {
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
    private record Version(String id, long createdAt, @Nullable EventRow inBatch) {
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
        SqlBuilder q = new SqlBuilder(dialect).sql("SELECT id FROM events WHERE ");
        dialect.appendIn(q, "id", SqlType.BINARY, ids());
        return Flux.from(q.bind(c).execute())
                .concatMap(r -> r.map((row, m) -> Hex.encode(row.get(0, byte[].class))))
                .collect(HashSet::new, Set::add);
    }

    private Mono<Map<String, Set<String>>> tombstones(Connection c) {
        SqlBuilder q = new SqlBuilder(dialect).sql("SELECT event_id, author FROM event_tombstones WHERE ");
        dialect.appendIn(q, "event_id", SqlType.BINARY, ids());
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
        SqlBuilder q = new SqlBuilder(dialect).sql("SELECT addr, id, created_at FROM events WHERE ");
        dialect.appendIn(q, "addr", SqlType.BINARY, addrs);
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
        SqlBuilder q = new SqlBuilder(dialect).sql("DELETE FROM events WHERE ");
        dialect.appendIn(q, "id", SqlType.BINARY, ids);
        return execute(c, q).then(ChangeRows.recordRemovals(dialect, c, ids));
    }

    private Mono<Void> insertEvents(Connection c, List<EventRow> inserted) {
        List<Object[]> values = new ArrayList<>(inserted.size());
        for (EventRow row : inserted) {
            Event e = row.event();
            values.add(new Object[] {row.id(), row.pubkey(), e.createdAt(), e.kind(), row.addr(), e.jsonBytes(),
                origin, SearchTerms.normalized(e.content())});
        }
        return executeAll(c, dialect.insertRows("events", EVENT_COLUMNS, EVENT_TYPES, values));
    }

    private Mono<Void> insertTags(Connection c, List<EventRow> inserted) {
        List<Object[]> values = new ArrayList<>();
        for (EventRow row : inserted) {
            for (EventRow.TagEntry tag : row.tags()) {
                values.add(new Object[] {row.id(), tag.name(), tag.value(), row.event().createdAt()});
            }
        }
        return executeAll(c, dialect.insertRows("event_tags", TAG_COLUMNS, TAG_TYPES, values));
    }

    private static Mono<Void> executeAll(Connection c, List<SqlBuilder> statements) {
        return Flux.fromIterable(statements).concatMap(s -> execute(c, s)).then();
    }

    static Mono<Void> execute(Connection c, SqlBuilder q) {
        return Flux.from(q.bind(c).execute()).concatMap(r -> r.getRowsUpdated()).then();
    }
}
