package io.reactivestore.store.r2dbc;

import io.r2dbc.spi.Statement;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.store.KeyValueStore;
import io.reactivestore.store.StoreClosedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The key-values of an {@link R2dbcEventStore}: table {@code store_kv} of the same database, created by the
 * migrations of component {@code kv} on first use (a failed migration is tried again on the next call). Writes
 * are single statements on a pooled connection, durable when they complete (an H2 file: after a group sync).
 */
final class R2dbcKeyValues implements KeyValueStore {

    private static final int FETCH_SIZE = 500;

    private final SqlDatabase db;
    private final BooleanSupplier closed;
    private final String name;
    private final String upsert;
    private final Mono<Integer> migrated;

    R2dbcKeyValues(SqlDatabase db, BooleanSupplier closed, String name) {
        this.db = db;
        this.closed = closed;
        this.name = name;
        this.upsert = db.dialect().upsert("store_kv", List.of("ns", "k", "v"), List.of("ns", "k"), 1);
        this.migrated = db.migrate("kv").cache(v -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO,
                () -> Duration.ZERO);
    }

    @Override
    public Mono<Void> put(String namespace, String key, String value) {
        return Mono.defer(() -> {
            KeyValueStore.check(namespace, key, Objects.requireNonNull(value, "value"));
            return write(c -> c.createStatement(upsert).bind(0, namespace).bind(1, key).bind(2, value));
        });
    }

    @Override
    public Mono<Void> delete(String namespace, String key) {
        return Mono.defer(() -> {
            KeyValueStore.check(namespace, key, null);
            return write(c -> c.createStatement("DELETE FROM store_kv WHERE ns = " + db.dialect().marker(1)
                    + " AND k = " + db.dialect().marker(2)).bind(0, namespace).bind(1, key));
        });
    }

    @Override
    public Flux<Map.Entry<String, String>> entries(String namespace) {
        return Flux.defer(() -> {
            KeyValueStore.checkNamespace(namespace);
            open();
            return migrated.thenMany(db.withConnection(c -> Flux.from(c.createStatement(
                                    "SELECT k, v FROM store_kv WHERE ns = " + db.dialect().marker(1) + " ORDER BY k")
                            .bind(0, namespace).fetchSize(FETCH_SIZE).execute())
                    .concatMap(result -> result.map((row, meta) ->
                            Map.entry(row.get(0, String.class), row.get(1, String.class))))));
        });
    }

    private Mono<Void> write(java.util.function.Function<io.r2dbc.spi.Connection, Statement> statement) {
        open();
        return migrated.then(db.withConnectionDurable(c -> Flux.from(statement.apply(c).execute())
                .concatMap(result -> result.getRowsUpdated())).then());
    }

    private void open() {
        if (closed.getAsBoolean()) {
            throw new StoreClosedException(name);
        }
    }
}
