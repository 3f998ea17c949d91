package io.reactivestore.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the auto-configured {@link io.reactivestore.store.EventStore}, prefix {@code reactive-store}.
 *
 * @param type Which store to open: embedded (the default, in directory), h2 (an H2 file in directory),
 *     postgresql or memory.
 * @param directory Directory of the embedded or H2 store, created if missing; relative paths are resolved
 *     against the working directory.
 * @param maxConnections Pooled database connections of an H2 or PostgreSQL store (1-100).
 * @param maxBatch Most saves written in one transaction by an H2 or PostgreSQL store (1-1000).
 * @param queueCapacity Saves queued for the writer of an H2 or PostgreSQL store before further saves wait.
 * @param openTimeout How long the application's startup waits for the store to open (schema migrations
 *     included).
 * @param closeTimeout How long the context's shutdown waits for the store to finish queued writes and close.
 * @param postgresql PostgreSQL connection settings, used when type is postgresql.
 * @param memory Settings of the in-memory store.
 */
@ConfigurationProperties(prefix = "reactive-store")
public record ReactiveStoreProperties(
        @DefaultValue("embedded") StoreType type,
        @DefaultValue("data") Path directory,
        @DefaultValue("8") int maxConnections,
        @DefaultValue("500") int maxBatch,
        @DefaultValue("10000") int queueCapacity,
        @DefaultValue("30s") Duration openTimeout,
        @DefaultValue("30s") Duration closeTimeout,
        @DefaultValue Postgresql postgresql,
        @DefaultValue Memory memory) {

    /**
     * Where a PostgreSQL store connects, prefix {@code reactive-store.postgresql}. Without a {@code host},
     * the store uses the application's R2DBC {@code ConnectionFactory} bean instead (an r2dbc-pool
     * {@code ConnectionPool}, as Spring Boot configures from {@code spring.r2dbc.*}, is used as it is and
     * left open when the store closes).
     *
     * @param host Server host name; unset means: use the application's ConnectionFactory bean.
     * @param port Server port.
     * @param database Database name, required with host.
     * @param username User name, required with host.
     * @param password Password.
     */
    public record Postgresql(
            String host,
            @DefaultValue("5432") int port,
            String database,
            String username,
            @DefaultValue("") String password) {
    }

    /**
     * Settings of the in-memory store, prefix {@code reactive-store.memory}.
     *
     * @param maxEvents Most events held; 0 means no limit (beyond that a save fails with StoreFullException).
     */
    public record Memory(@DefaultValue("0") int maxEvents) {
    }
}
