package io.reactivestore.store.r2dbc;

import io.r2dbc.spi.ConnectionFactory;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.internal.sql.SqlDrivers;
import io.reactivestore.store.EventLimits;
import io.reactivestore.store.StoreUnavailableException;
import io.reactivestore.store.retention.RetentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Opens {@link R2dbcEventStore}s. Opening applies the schema migrations, so it is a {@code Mono}: it
 * emits the store once the schema is current, or fails ({@code StoreUnavailableException} when the
 * database cannot be reached).
 *
 * <p><b>Each subscription opens a new store.</b> The {@code Mono}s here are cold: subscribe once at
 * startup and keep the store (or {@code cache()} the {@code Mono}). Subscribing again while an H2 file
 * store is open fails with {@link IllegalStateException} naming the file: one JVM never has one H2 file
 * open twice (another process gets {@code StoreUnavailableException}, from H2's file lock). The file
 * is free again once {@code close()} of its store has completed.
 *
 * <pre>{@code
 * R2dbcEventStore store = R2dbcEventStores.h2File(Path.of("./data")).block();   // at startup
 * R2dbcEventStore pg = R2dbcEventStores.builder()
 *         .postgres("localhost", 5432, "relay", "relay", secret)
 *         .limits(new EventLimits(65536, 32768, 500, 16, 512))
 *         .open().block();
 * }</pre>
 */
public final class R2dbcEventStores {

    /** The H2 file of a store is {@code <directory>/events.mv.db}. */
    private static final String H2_FILE_NAME = "events";

    private R2dbcEventStores() {
    }

    /**
     * An H2 database in {@code directory} (file {@code events.mv.db}), with default settings; each
     * subscription opens a new store (see the class description).
     *
     * @param directory where the file is (created if needed)
     * @return the store, once its schema is current; {@link IllegalStateException} if this JVM has the
     *     directory's store open already
     */
    public static Mono<R2dbcEventStore> h2File(Path directory) {
        return builder().h2File(directory).open();
    }

    /**
     * Rewrites the H2 file store in {@code directory} compactly. H2 appends every commit's changed pages
     * to its file, so under steady writes the file grows far beyond the data (README, "H2 file size");
     * this gives the space back. The store must not be open: H2 locks its file, and compacting an open
     * store fails. The work (file I/O, H2) runs on a bounded-elastic worker and takes time in proportion
     * to the data.
     *
     * @param directory the directory (created if missing)
     * @return the file and its size before and after
     * @throws IllegalArgumentException (in the {@code Mono}) if {@code directory} holds no H2 event store
     */
    public static Mono<H2Compaction> compactH2File(Path directory) {
        Objects.requireNonNull(directory, "directory");
        Path file = SqlDatabase.h2DataFile(directory, H2_FILE_NAME);
        return Mono.fromCallable(() -> {
                    if (!Files.isRegularFile(file)) {
                        throw new IllegalArgumentException("no H2 event store in " + directory + " (no " + file + ")");
                    }
                    return Files.size(file);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(before -> Mono.usingWhen(
                                Mono.fromCallable(() -> {
                                    SqlDrivers.requireH2();
                                    return SqlDatabase.h2File(directory, H2_FILE_NAME, 1)
                                            .unavailableAs(StoreUnavailableException.class,
                                                    StoreUnavailableException::new);
                                }),
                                SqlDatabase::shutdownCompact,
                                SqlDatabase::close)
                        .then(Mono.fromCallable(() -> new H2Compaction(file, before, Files.size(file)))
                                .subscribeOn(Schedulers.boundedElastic())));
    }

    /** {@return a new private H2 in-memory database, dropped when the store is closed} */
    public static Mono<R2dbcEventStore> h2InMemory() {
        return builder().h2InMemory("events_" + UUID.randomUUID().toString().replace("-", "")).open();
    }

    /**
     * A PostgreSQL database, with default settings.
     *
     * @param host the database host
     * @param port the database port
     * @param database the database name
     * @param user the database user
     * @param password the database user's password
     * @return a PostgreSQL database, with default settings
     */
    public static Mono<R2dbcEventStore> postgres(String host, int port, String database, String user,
                                                 String password) {
        return builder().postgres(host, port, database, user, password).open();
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where the store lives and how it behaves; {@link #open()} validates. Defaults: {@link EventLimits#DEFAULTS},
     * batches of at most 500 events, a write queue of 10 000 saves, 8 connections. Not thread-safe.
     */
    public static final class Builder {

        /** Longest tag value that the tag index accepts (PostgreSQL B-tree entries stay under 2.7 KB). */
        public static final int MAX_INDEXABLE_TAG_VALUE_BYTES = 2048;

        private @Nullable Supplier<SqlDatabase> database;
        private boolean fileBacked;
        private EventLimits limits = EventLimits.DEFAULTS;
        private int maxBatch = 500;
        private int queueCapacity = 10_000;
        private int maxConnections = SqlDatabase.DEFAULT_MAX_CONNECTIONS;
        private @Nullable RetentionPolicy retention;

        private Builder() {
        }

        /**
         * H2 file {@code events.mv.db} in {@code directory}; the directory is created if missing.
         *
         * @param directory the directory (created if missing)
         * @return this builder
         */
        public Builder h2File(Path directory) {
            Objects.requireNonNull(directory, "directory");
            database = () -> {
                SqlDrivers.requireH2();
                return SqlDatabase.h2File(directory, H2_FILE_NAME, maxConnections);
            };
            fileBacked = true;
            return this;
        }

        /**
         * H2 in-memory database {@code name}, dropped when the store closes.
         *
         * @param name the name
         * @return this builder
         */
        public Builder h2InMemory(String name) {
            Objects.requireNonNull(name, "name");
            database = () -> {
                SqlDrivers.requireH2();
                return SqlDatabase.h2InMemory(name, maxConnections, true);
            };
            fileBacked = false;
            return this;
        }

        /**
         * The database behind {@code factory}, which the caller owns (for example the {@code ConnectionFactory}
         * bean of a Spring application): PostgreSQL or H2, told by {@code factory.getMetadata().getName()}.
         * An r2dbc-pool {@code ConnectionPool} is used as it is, its size and timeouts apply, and closing the
         * store leaves it open; another factory gets a pool of {@link #maxConnections} that closing the store
         * disposes. The store's tables ({@code events}, {@code event_tags}, {@code event_tombstones},
         * {@code events_schema_version}) are created in that database by the migrations.
         *
         * @param factory where connections come from; never closed by the store
         * @return this builder
         * @throws IllegalArgumentException (signalled by the {@code Mono} of {@link #open()}) if the database is
         *     neither PostgreSQL nor H2
         */
        public Builder connectionFactory(ConnectionFactory factory) {
            Objects.requireNonNull(factory, "factory");
            database = () -> SqlDatabase.of(factory, maxConnections);
            fileBacked = false;
            return this;
        }

        /**
         * A PostgreSQL database reached over TCP; needs {@code org.postgresql:r2dbc-postgresql} and {@code io.r2dbc:r2dbc-pool}.
         *
         * @param host the database host
         * @param port the database port
         * @param database the database name
         * @param user the database user
         * @param password the database user's password
         * @return this builder
         */
        public Builder postgres(String host, int port, String database, String user, String password) {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            this.database = () -> {
                SqlDrivers.requirePostgresql();
                return SqlDatabase.postgres(host, port, database, user, password, maxConnections);
            };
            fileBacked = false;
            return this;
        }

        /**
         * Size limits checked before the database is touched; tag values at most {@link #MAX_INDEXABLE_TAG_VALUE_BYTES}.
         *
         * @param limits the size limits
         * @return this builder
         */
        public Builder limits(EventLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Most events written in one transaction (1-1000).
         *
         * @param maxBatch most events written in one transaction
         * @return this builder
         */
        public Builder maxBatch(int maxBatch) {
            this.maxBatch = maxBatch;
            return this;
        }

        /**
         * Most saves queued for the writer before further saves wait (at least {@code maxBatch}).
         *
         * @param queueCapacity most saves queued for the writer
         * @return this builder
         */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * Pooled connections (1-100).
         *
         * @param maxConnections pooled connections
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * Runs {@code policy} on the store from its opening to its {@code close()} (see
         * {@link io.reactivestore.store.retention.Retention}); a size limit applies to an H2 file only (the
         * other databases report no size, so the size rule never deletes there).
         *
         * @param policy the retention rules
         * @return this
         */
        public Builder retention(RetentionPolicy policy) {
            this.retention = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Opens the store.
         *
         * @return the store, once its schema is current
         * @throws IllegalArgumentException (at call time) if no database was chosen or a setting is out of range
         */
        public Mono<R2dbcEventStore> open() {
            if (database == null) {
                throw new IllegalArgumentException("database: choose h2File, h2InMemory or postgres");
            }
            if (maxBatch < 1 || maxBatch > 1000) {
                throw new IllegalArgumentException("maxBatch: must be within 1-1000, got " + maxBatch);
            }
            if (queueCapacity < maxBatch) {
                throw new IllegalArgumentException("queueCapacity: must be at least maxBatch, got " + queueCapacity);
            }
            if (maxConnections < 1 || maxConnections > 100) {
                throw new IllegalArgumentException("maxConnections: must be within 1-100, got " + maxConnections);
            }
            if (limits.maxTagValueBytes() > MAX_INDEXABLE_TAG_VALUE_BYTES) {
                throw new IllegalArgumentException("limits.maxTagValueBytes: at most "
                        + MAX_INDEXABLE_TAG_VALUE_BYTES + " for the tag index, got " + limits.maxTagValueBytes());
            }
            Supplier<SqlDatabase> db = database;
            EventLimits l = limits;
            int batch = maxBatch;
            int capacity = queueCapacity;
            boolean file = fileBacked;
            RetentionPolicy policy = retention;
            return Mono.defer(() -> R2dbcEventStore.open(db.get(), l, batch, capacity, file))
                    .map(store -> policy == null || !policy.hasRules() ? store : store.withRetention(policy));
        }
    }
}
