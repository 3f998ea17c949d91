package io.reactivestore.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.reactivestore.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

@Tag("integration")
class SqlDatabaseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static Stream<Arguments> databases() {
        Supplier<SqlDatabase[]> h2 = () -> {
            String name = TestDatabases.uniqueName("mig");
            return new SqlDatabase[] {SqlDatabase.h2InMemory(name, 2, true), SqlDatabase.h2InMemory(name, 2, false)};
        };
        Supplier<SqlDatabase[]> pg = () -> {
            TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
            return new SqlDatabase[] {db.open(), db.open()};
        };
        return Stream.of(Arguments.of("h2", h2), Arguments.of("postgresql", pg));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void migrationsApplyOnceEvenWhenTwoHandlesStartAtOnce(String name, Supplier<SqlDatabase[]> open) {
        SqlDatabase[] dbs = open.get();
        try {
            StepVerifier.create(Flux.merge(dbs[0].migrate("sqltest"), dbs[1].migrate("sqltest")).collectList())
                    .assertNext(versions -> assertThat(versions).containsExactly(2, 2))
                    .expectComplete().verify(TIMEOUT);
            StepVerifier.create(dbs[0].migrate("sqltest")).expectNext(2).expectComplete().verify(TIMEOUT);
            StepVerifier.create(dbs[0].withConnection(c -> rows(c, "SELECT version FROM sqltest_schema_version")))
                    .expectNext("2").expectComplete().verify(TIMEOUT);
        } finally {
            Flux.merge(dbs[1].close(), dbs[0].close()).blockLast(TIMEOUT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void insertIgnoringDuplicateAndUpsertBehaveAlikeInBothDialects(String name, Supplier<SqlDatabase[]> open) {
        SqlDatabase[] dbs = open.get();
        SqlDatabase db = dbs[0];
        SqlDialect d = db.dialect();
        List<String> cols = List.of("k", "v", "n");
        try {
            db.migrate("sqltest").block(TIMEOUT);
            Mono<Long> insert = db.inTransaction(c -> Flux.from(c.createStatement(
                                    d.insertIgnoringDuplicate("sqltest_items", cols, List.of("k"), 1))
                            .bind(0, "a").bind(1, bytes("x'; DROP TABLE sqltest_items; --")).bind(2, 1).add()
                            .bind(0, "b").bind(1, bytes("é")).bind(2, 2)
                            .execute()).concatMap(r -> r.getRowsUpdated()).reduce(0L, Long::sum))
                    .single();
            StepVerifier.create(insert).expectNext(2L).expectComplete().verify(TIMEOUT);
            StepVerifier.create(insert).expectNext(0L).expectComplete().verify(TIMEOUT);
            StepVerifier.create(db.inTransaction(c -> Mono.from(c.createStatement(
                                    d.upsert("sqltest_items", cols, List.of("k"), 1))
                            .bind(0, "a").bind(1, bytes("new")).bind(2, 7).execute())
                    .flatMap(r -> Mono.from(r.getRowsUpdated()))).then())
                    .expectComplete().verify(TIMEOUT);
            StepVerifier.create(db.withConnection(c -> Flux.from(c.createStatement(
                                    "SELECT k, v, n FROM sqltest_items ORDER BY k " + d.limitOffset(1, 2))
                            .bind(0, 10).bind(1, 0).execute())
                            .flatMap(r -> r.map((row, m) -> row.get("k", String.class) + "="
                                    + new String(row.get("v", byte[].class), StandardCharsets.UTF_8) + "/"
                                    + row.get("n", Integer.class)))))
                    .expectNext("a=new/7", "b=é/2")
                    .expectComplete().verify(TIMEOUT);
        } finally {
            Flux.merge(dbs[1].close(), dbs[0].close()).blockLast(TIMEOUT);
        }
    }

    /**
     * Concurrent {@code CREATE TABLE IF NOT EXISTS} of one table can fail on PostgreSQL ("type ... already
     * exists"; about 1 start in 20 before the lock): migrations of a component wait for its lock.
     */
    @Test
    void postgresMigrationsWaitForTheComponentsSchemaChangeLock() {
        TestDatabases.PostgresDatabase pg = TestDatabases.freshPostgres();
        SqlDatabase holder = pg.open();
        SqlDatabase migrator = pg.open();
        try {
            Sinks.Empty<Void> locked = Sinks.empty();
            Sinks.Empty<Void> release = Sinks.empty();
            String lock = SqlDialect.POSTGRESQL.schemaChangeLock("sqltest_schema_version");
            Mono<Void> holding = holder.inTransaction(c -> rows(c, lock)
                            .then(Mono.fromRunnable(locked::tryEmitEmpty))
                            .then(release.asMono()))
                    .then().cache();
            holding.subscribe();
            locked.asMono().block(TIMEOUT);

            StepVerifier.create(migrator.migrate("sqltest"))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(500))
                    .then(release::tryEmitEmpty)
                    .expectNext(2)
                    .expectComplete().verify(TIMEOUT);
            holding.block(TIMEOUT);
        } finally {
            Flux.merge(holder.close(), migrator.close()).blockLast(TIMEOUT);
        }
    }

    @Test
    void h2WorkRunsOnTheDatabasesOwnScheduler() {
        SqlDatabase db = TestDatabases.h2InMemory();
        try {
            StepVerifier.create(db.withConnection(c -> Mono.fromCallable(() -> Thread.currentThread().getName())))
                    .assertNext(thread -> assertThat(thread).startsWith("h2-"))
                    .expectComplete().verify(TIMEOUT);
        } finally {
            db.close().block(TIMEOUT);
        }
    }

    @Test
    void anUnreachableServerIsReportedAsUnavailable() {
        SqlDatabase db = SqlDatabase.postgres("127.0.0.1", 1, "nothing", "nobody", "", 1);
        try {
            StepVerifier.create(db.withConnection(c -> rows(c, "SELECT 1")))
                    .expectError(SqlUnavailableException.class)
                    .verify(TIMEOUT);
        } finally {
            db.close().block(TIMEOUT);
        }
    }

    /** The owner's exception type, as a store names its {@code StoreUnavailableException}. */
    static final class OwnersUnavailable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        OwnersUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Test
    void anUnreachableServerIsReportedAsTheExceptionTheOwnerNamesAndWrappedOnce() {
        SqlDatabase db = SqlDatabase.postgres("127.0.0.1", 1, "nothing", "nobody", "", 1)
                .unavailableAs(OwnersUnavailable.class, OwnersUnavailable::new);
        try {
            StepVerifier.create(db.inTransaction(c -> rows(c, "SELECT 1")))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(OwnersUnavailable.class)
                            .hasMessageContaining("is unavailable")
                            .cause().isNotInstanceOf(OwnersUnavailable.class))
                    .verify(TIMEOUT);
        } finally {
            db.close().block(TIMEOUT);
        }
    }

    @Test
    void scriptsSplitOnSemicolonsOutsideDollarQuotedBodies() {
        assertThat(Migrations.split("""
                -- comment
                CREATE TABLE a (x INT);
                CREATE FUNCTION f() RETURNS trigger AS $$
                BEGIN
                  PERFORM 1;
                END;
                $$ LANGUAGE plpgsql;
                """)).hasSize(2).element(1).asString().contains("PERFORM 1;").endsWith("plpgsql");
    }

    private static Flux<String> rows(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute())
                .flatMap(r -> r.map((row, m) -> String.valueOf(row.get(0))));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
