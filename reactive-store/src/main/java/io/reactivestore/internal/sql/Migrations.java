package io.reactivestore.internal.sql;

import io.r2dbc.spi.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Versioned schema migrations, one independent set per component.
 *
 * <p><b>Scripts.</b> Component {@code c} keeps its scripts in the jar as
 * {@code io/reactivestore/sql/<c>/<dialect folder>/V1.sql, V2.sql, ...} (numbered from 1 without gaps; the
 * first missing number ends the set). A script is SQL statements each ending with {@code ;} at the end
 * of a line; {@code --} comment lines are skipped; a {@code $$ ... $$} body (a PostgreSQL function) may
 * hold semicolons. Never edit a released script: add the next one.
 *
 * <p><b>Bookkeeping.</b> Table {@code <c>_schema_version} holds one row with the version applied. Each
 * pending script runs in its own transaction that first locks that row ({@code SELECT ... FOR UPDATE}),
 * rereads the version, applies the script and bumps the version, so two stores starting at once apply
 * each script exactly once. The table itself is created and seeded under
 * {@link SqlDialect#schemaChangeLock} (PostgreSQL) or one run at a time per database in this JVM (H2).
 * On PostgreSQL DDL is transactional: a failing script leaves nothing behind.
 * H2 commits each DDL statement by itself (releasing the lock early), so H2 scripts must be idempotent
 * ({@code CREATE TABLE IF NOT EXISTS}, {@code CREATE INDEX IF NOT EXISTS}, ...).
 */
public final class Migrations {

    private static final ConcurrentHashMap<String, Mono<Integer>> H2_RUNS = new ConcurrentHashMap<>();
    private static final Pattern COMPONENT = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private Migrations() {
    }

    /**
     * Applies the pending scripts of {@code component} found through {@code loader}.
     *
     * @return the schema version after applying
     * @throws IllegalArgumentException (at assembly) if {@code component} is not a lowercase identifier
     */
    public static Mono<Integer> apply(SqlDatabase db, String component, ClassLoader loader) {
        if (component == null || !COMPONENT.matcher(component).matches()) {
            throw new IllegalArgumentException("component: must match " + COMPONENT + ", got " + component);
        }
        String table = component + "_schema_version";
        Mono<Integer> run = Mono.fromCallable(() -> load(loader, component, db.dialect()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(scripts -> createVersionTable(db, table)
                        .then(Flux.range(1, scripts.size())
                                .concatMap(v -> applyOne(db, table, v, scripts.get(v - 1)))
                                .then(Mono.just(scripts.size()))));
        return db.dialect().serializesSchemaChangesInJvm() ? serializedInJvm(db.name() + "/" + component, run) : run;
    }

    /**
     * Runs {@code run} after every earlier run with the same key has finished. An H2 database is only
     * ever open in one JVM, and H2 cannot run DDL on one table from two sessions at once, so H2
     * migrations of one database are serialised here; the row lock covers PostgreSQL.
     */
    private static Mono<Integer> serializedInJvm(String key, Mono<Integer> run) {
        return Mono.defer(() -> H2_RUNS.compute(key, (k, previous) -> {
            Mono<Void> before = previous == null ? Mono.empty() : previous.onErrorResume(e -> Mono.empty()).then();
            AtomicReference<Mono<Integer>> self = new AtomicReference<>();
            // the entry leaves the map when its run ends, unless a later run has chained after it
            self.set(before.then(run).doFinally(signal -> H2_RUNS.remove(key, self.get())).cache());
            return self.get();
        }));
    }

    private static Mono<Void> createVersionTable(SqlDatabase db, String table) {
        String create = "CREATE TABLE IF NOT EXISTS " + table + " (lock_id INT PRIMARY KEY, version INT NOT NULL)";
        String seed = "INSERT INTO " + table + " (lock_id, version) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM "
                + table + ")";
        String lock = db.dialect().schemaChangeLock(table);
        return db.inTransaction(c -> (lock == null ? Mono.<Long>empty() : execute(c, lock))
                        .then(execute(c, create))
                        .then(execute(c, seed)))
                .then();
    }

    private static Mono<Void> applyOne(SqlDatabase db, String table, int version, List<String> statements) {
        return db.inTransaction(c -> Mono.from(c.createStatement(
                                "SELECT version FROM " + table + " WHERE lock_id = 1 FOR UPDATE").execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) -> row.get(0, Integer.class))))
                        .flatMap(current -> current >= version
                                ? Mono.empty()
                                : Flux.fromIterable(statements).concatMap(sql -> execute(c, sql))
                                        .then(execute(c, "UPDATE " + table + " SET version = " + version
                                                + " WHERE lock_id = 1 AND version < " + version))))
                .then();
    }

    private static Mono<Long> execute(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute()).concatMap(r -> r.getRowsUpdated()).reduce(0L, Long::sum);
    }

    private static List<List<String>> load(ClassLoader loader, String component, SqlDialect dialect) {
        List<List<String>> scripts = new ArrayList<>();
        for (int v = 1; ; v++) {
            String path = "io/reactivestore/sql/" + component + "/" + dialect.folder() + "/V" + v + ".sql";
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    return scripts;
                }
                scripts.add(split(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read migration " + path, e);
            }
        }
    }

    /** Splits a script into statements (see the class description for the rules). */
    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inBody = false;
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            if (!inBody && (trimmed.isEmpty() || trimmed.startsWith("--"))) {
                continue;
            }
            current.append(line).append('\n');
            int dollars = line.split("\\$\\$", -1).length - 1;
            if (dollars % 2 == 1) {
                inBody = !inBody;
            }
            if (!inBody && trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("migration script: last statement does not end with ';'");
        }
        return statements;
    }
}
