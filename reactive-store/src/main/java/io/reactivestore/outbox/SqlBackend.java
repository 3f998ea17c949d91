package io.reactivestore.outbox;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.internal.sql.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link OutboxBackend} on H2 or PostgreSQL through the shared SQL layer. Every write on the store's own
 * database commits by itself: one statement in auto-commit (atomic on its own, and two round trips cheaper than
 * {@code BEGIN ... COMMIT}), or a transaction when a mark of many ids needs several statements; reads run on other pooled connections at the database's default isolation (read
 * committed), so they see committed state and never wait for a write. Event lists are read in pages of
 * {@value #PAGE} rows by ascending {@code seq} (keyset paging: each page is a short query, memory stays bounded,
 * and an event moved during a long read is listed at most once). Id lists go into {@code IN} lists of at most
 * {@value #CHUNK} markers. The operations on a caller's transaction run on the caller's connection and
 * neither commit nor roll back; each refuses a connection in auto-commit.
 */
final class SqlBackend implements OutboxBackend<Connection> {

    static final String COMPONENT = "outbox";
    private static final int PAGE = 256;
    private static final int CHUNK = 500;

    private final SqlDatabase db;
    private final String insertEvent;
    private final String upsertKv;

    SqlBackend(SqlDatabase db) {
        this.db = db;
        SqlDialect dialect = db.dialect();
        this.insertEvent = dialect.insertIgnoringDuplicate("outbox_events", List.of("id", "type", "data", "state"),
                List.of("id"), 1);
        this.upsertKv = dialect.upsert("outbox_kv", List.of("prefix", "k", "v"), List.of("prefix", "k"), 1);
    }

    @Override
    public Mono<Boolean> contains(UUID id) {
        return db.withConnection(c -> containsOn(c, id)).hasElements();
    }

    @Override
    public Mono<Boolean> contains(Connection callerTransaction, UUID id) {
        return inCallers(callerTransaction, c -> containsOn(c, id)).hasElements();
    }

    private static Flux<Boolean> containsOn(Connection c, UUID id) {
        return rows(c.createStatement("SELECT 1 FROM outbox_events WHERE id = $1").bind(0, id), row -> true);
    }

    @Override
    public Mono<Boolean> insert(OutboxEvent event) {
        return inserted(db.withConnectionDurable(c -> insertOn(c, event)));
    }

    @Override
    public Mono<Boolean> insert(Connection callerTransaction, OutboxEvent event) {
        return inserted(inCallers(callerTransaction, c -> insertOn(c, event)));
    }

    private Flux<Long> insertOn(Connection c, OutboxEvent event) {
        return updated(c.createStatement(insertEvent)
                .bind(0, event.id())
                .bind(1, event.type())
                .bind(2, event.dataUnsafe())
                .bind(3, EventState.NEW.ordinal()));
    }

    private Mono<Boolean> inserted(Flux<Long> rowsUpdated) {
        return rowsUpdated.reduce(0L, Long::sum)
                .map(rows -> rows > 0)
                .onErrorResume(db.dialect()::isUniqueViolation, e -> Mono.just(false));
    }

    @Override
    public Mono<Void> move(Set<UUID> ids, EventState from, EventState to) {
        List<List<UUID>> chunks = chunks(ids);
        Function<Connection, Flux<Long>> update = c -> moveOn(c, chunks, from, to);
        // one statement is atomic by itself; several need a transaction to be atomic together
        return (chunks.size() == 1 ? db.withConnectionDurable(update) : db.inTransaction(update)).then();
    }

    @Override
    public Mono<Void> move(Connection callerTransaction, Set<UUID> ids, EventState from, EventState to) {
        return inCallers(callerTransaction, c -> moveOn(c, chunks(ids), from, to)).then();
    }

    private static Flux<Long> moveOn(Connection c, List<List<UUID>> chunks, EventState from, EventState to) {
        return Flux.fromIterable(chunks).concatMap(chunk -> updated(bindIds(
                c.createStatement("UPDATE outbox_events SET state = $1 WHERE state = $2 AND id IN "
                        + markers(3, chunk.size())).bind(0, to.ordinal()).bind(1, from.ordinal()), 2, chunk)));
    }

    @Override
    public Mono<Void> markReceived(UUID id) {
        return db.withConnectionDurable(c -> markReceivedOn(c, id)).then();
    }

    @Override
    public Mono<Void> markReceived(Connection callerTransaction, UUID id) {
        return inCallers(callerTransaction, c -> markReceivedOn(c, id)).then();
    }

    private static Flux<Long> markReceivedOn(Connection c, UUID id) {
        return updated(c.createStatement("UPDATE outbox_events SET state = $1 WHERE id = $2")
                .bind(0, EventState.RECEIVED.ordinal()).bind(1, id));
    }

    /**
     * {@code work} on the caller's connection, in the caller's transaction: never on {@link #db}. A
     * connection in auto-commit would commit the work apart from the caller's, so it is refused.
     */
    private static <T> Flux<T> inCallers(Connection callerTransaction, Function<Connection, Flux<T>> work) {
        return Flux.defer(() -> callerTransaction.isAutoCommit()
                ? Flux.error(new NotInTransactionException())
                : work.apply(callerTransaction));
    }

    @Override
    public Flux<OutboxEvent> events(@Nullable EventState state) {
        return page(state, 0L)
                .expand(page -> page.size() < PAGE ? Mono.empty() : page(state, page.get(page.size() - 1).seq()))
                .flatMapIterable(page -> page)
                .map(Row::event);
    }

    private record Row(long seq, OutboxEvent event) {
    }

    /** One page of at most {@value #PAGE} rows after {@code afterSeq}; collected, so bounded by the limit. */
    private Mono<List<Row>> page(@Nullable EventState state, long afterSeq) {
        String where = state == null ? "seq > $1" : "seq > $1 AND state = $3";
        return db.withConnection(c -> {
                    Statement select = c.createStatement("SELECT seq, id, type, data FROM outbox_events WHERE "
                            + where + " ORDER BY seq LIMIT $2").bind(0, afterSeq).bind(1, PAGE);
                    if (state != null) {
                        select.bind(2, state.ordinal());
                    }
                    return rows(select, row -> new Row(row.get("seq", Long.class), OutboxEvent.stored(
                            row.get("id", UUID.class), row.get("type", String.class),
                            row.get("data", byte[].class))));
                })
                .collectList();
    }

    @Override
    public Flux<UUID> observed(Set<UUID> ids) {
        return Flux.fromIterable(chunks(ids)).concatMap(chunk -> db.withConnection(c -> rows(bindIds(
                c.createStatement("SELECT id FROM outbox_events WHERE state = $1 AND id IN " + markers(2, chunk.size()))
                        .bind(0, EventState.NEW.ordinal()), 1, chunk), row -> row.get("id", UUID.class))));
    }

    /** Deletes on the caller's connection, in the caller's transaction (see {@link #inCallers}). */
    @Override
    public Mono<Void> delete(Connection callerTransaction, Set<UUID> ids) {
        return inCallers(callerTransaction, c -> Flux.fromIterable(chunks(ids)).concatMap(chunk -> updated(bindIds(
                c.createStatement("DELETE FROM outbox_events WHERE id IN " + markers(1, chunk.size())), 0, chunk))))
                .then();
    }

    @Override
    public Mono<byte[]> kvGet(String prefix, String key) {
        return db.withConnection(c -> rows(c.createStatement("SELECT v FROM outbox_kv WHERE prefix = $1 AND k = $2")
                        .bind(0, prefix).bind(1, key), row -> row.get("v", byte[].class)))
                .singleOrEmpty();
    }

    @Override
    public Mono<Void> kvSet(String prefix, String key, byte[] value) {
        return db.withConnectionDurable(c -> updated(c.createStatement(upsertKv).bind(0, prefix).bind(1, key).bind(2, value)))
                .then();
    }

    @Override
    public Mono<Void> kvDelete(String prefix, String key) {
        return db.withConnectionDurable(c -> updated(c.createStatement("DELETE FROM outbox_kv WHERE prefix = $1 AND k = $2")
                        .bind(0, prefix).bind(1, key)))
                .then();
    }

    @Override
    public Mono<Void> close() {
        return db.close();
    }

    private static <T> Flux<T> rows(Statement statement, Function<Readable, T> mapper) {
        return Flux.from(statement.execute()).concatMap(result -> result.map(mapper));
    }

    private static Flux<Long> updated(Statement statement) {
        return Flux.from(statement.execute()).concatMap(result -> result.getRowsUpdated());
    }

    private static Statement bindIds(Statement statement, int firstIndex, List<UUID> ids) {
        for (int i = 0; i < ids.size(); i++) {
            statement.bind(firstIndex + i, ids.get(i));
        }
        return statement;
    }

    private static String markers(int firstMarker, int count) {
        StringJoiner list = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < count; i++) {
            list.add("$" + (firstMarker + i));
        }
        return list.toString();
    }

    private static List<List<UUID>> chunks(Set<UUID> ids) {
        List<UUID> all = new ArrayList<>(ids);
        List<List<UUID>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }
}
