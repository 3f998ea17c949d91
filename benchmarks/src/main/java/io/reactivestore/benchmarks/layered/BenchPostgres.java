package io.reactivestore.benchmarks.layered;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;

/** An embedded PostgreSQL server for the layered-store benchmarks, and event stores on it. */
final class BenchPostgres implements AutoCloseable {

    private final EmbeddedPostgres server;

    private BenchPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    static BenchPostgres start() {
        try {
            return new BenchPostgres(EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** An event store on the server's {@code postgres} database. */
    EventStore eventStore() {
        return Objects.requireNonNull(R2dbcEventStores.postgres("127.0.0.1", server.getPort(), "postgres", "postgres", "")
                .block(Duration.ofSeconds(60)), "completed empty");
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
