package io.reactivestore.store.r2dbc;

import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.store.EventLimits;
import io.reactivestore.store.retention.RetentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Opens {@link R2dbcEventStore}s. Opening applies the schema migrations, so it is a {@code Mono}: it
 * emits the store once the schema is current, or fails ({@code StoreUnavailableException} when the
 * database cannot be reached).
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

    /** An H2 database in {@code directory} (file {@code events.mv.db}), with default settings. */
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
                                Mono.fromCallable(() -> SqlDatabase.h2File(directory, H2_FILE_NAME, 1)),
                                SqlDatabase::shutdownCompact,
                                SqlDatabase::close)
                        .then(Mono.fromCallable(() -> new H2Compaction(file, before, Files.size(file)))
                                .subscribeOn(Schedulers.boundedElastic())));
    }

    /** A new private H2 in-memory database, dropped when the store is closed. */
    public static Mono<R2dbcEventStore> h2InMemory() {
        return builder().h2InMemory("events_" + UUID.randomUUID().toString().replace("-", "")).open();
    }

    /** A PostgreSQL database, with default settings. */
    public static Mono<R2dbcEventStore> postgres(String host, int port, String database, String user,
                                                 String password) {
        return builder().postgres(host, port, database, user, password).open();
    }

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

        private Supplier<SqlDatabase> database;
        private boolean fileBacked;
        private EventLimits limits = EventLimits.DEFAULTS;
        private int maxBatch = 500;
        private int queueCapacity = 10_000;
        private int maxConnections = SqlDatabase.DEFAULT_MAX_CONNECTIONS;
        private RetentionPolicy retention;

        private Builder() {
        }

        /** H2 file {@code events.mv.db} in {@code directory}; the directory is created if missing. */
        public Builder h2File(Path directory) {
            Objects.requireNonNull(directory, "directory");
            database = () -> SqlDatabase.h2File(directory, H2_FILE_NAME, maxConnections);
            fileBacked = true;
            return this;
        }

        /** H2 in-memory database {@code name}, dropped when the store closes. */
        public Builder h2InMemory(String name) {
            Objects.requireNonNull(name, "name");
            database = () -> SqlDatabase.h2InMemory(name, maxConnections, true);
            fileBacked = false;
            return this;
        }

        public Builder postgres(String host, int port, String database, String user, String password) {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            this.database = () -> SqlDatabase.postgres(host, port, database, user, password, maxConnections);
            fileBacked = false;
            return this;
        }

        /** Size limits checked before the database is touched; tag values at most {@link #MAX_INDEXABLE_TAG_VALUE_BYTES}. */
        public Builder limits(EventLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Most events written in one transaction (1-1000). */
        public Builder maxBatch(int maxBatch) {
            this.maxBatch = maxBatch;
            return this;
        }

        /** Most saves queued for the writer before further saves wait (at least {@code maxBatch}). */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Pooled connections (1-100). */
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
