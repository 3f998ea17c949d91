package io.reactivestore.internal.sql;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

    /**
 * A pooled R2DBC database with its {@link SqlDialect}: the handle every SQL-backed component works through.
 *
 * <p><b>Threading.</b> PostgreSQL work runs on r2dbc-postgresql's Netty threads. r2dbc-h2 runs H2 on the
 * calling thread and H2 blocks (file I/O, locks), so for H2 every {@link #withConnection} and
 * {@link #inTransaction} publisher is subscribed, and requested from, on this database's own bounded
 * scheduler ({@code threads} workers, at most 10 000 queued tasks; beyond that a task is rejected and the
 * operation fails): no Reactor or Netty thread ever runs H2 code. Results are emitted on those workers.
 *
 * <p><b>Errors.</b> Failures meaning the database is unreachable or unusable ({@link SqlDialect#isUnavailable})
 * are signalled as the exception {@link #unavailableAs} names (the component that opens this handle gives its
 * public one, {@code StoreUnavailableException}; until then a {@link SqlUnavailableException}); other errors
 * pass through unchanged. This layer names no type of the store it serves.
 *
 * <p>Thread-safe. {@link #close()} disposes the pool it created (a pool handed to {@link #of} stays open)
 * and the H2 scheduler; an in-memory H2 database
 * lives on until the JVM exits unless {@link #dropOnClose} is set.
 */
public final class SqlDatabase {

    /** Connections in a pool unless the factory method says otherwise. */
    public static final int DEFAULT_MAX_CONNECTIONS = 8;

    /**
     * H2 files open in this JVM. H2 shares one open database between all connections to a file in a JVM,
     * so a second handle would run a second writer and a second pool on the same file, and a
     * {@code SHUTDOWN} through one would close it under the other: {@link #h2File} refuses a file that is
     * already open here.
     */
    private static final Set<Path> OPEN_H2_FILES = ConcurrentHashMap.newKeySet();

    private final String name;
    private final SqlDialect dialect;
    /** Where connections come from: our own {@link #pool}, or a pool the application owns. */
    private final ConnectionFactory connections;
    /** The pool this handle created and disposes on {@link #close()}; {@code null} for a shared pool. */
    private final @Nullable ConnectionPool pool;
    private final @Nullable Scheduler scheduler;
    private final boolean dropOnClose;
    private final @Nullable Path h2File;
    private final @Nullable H2FileMaintenance maintenance;
    private final @Nullable GroupSync groupSync;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PoolGate gate = new PoolGate();
    private final Mono<Void> closing;
    /** The exception reported when the database is unavailable, and how to make one from a message and a cause. */
    private volatile Class<? extends RuntimeException> unavailableType = SqlUnavailableException.class;
    private volatile BiFunction<String, Throwable, ? extends RuntimeException> unavailableErrors =
            SqlUnavailableException::new;

    private SqlDatabase(String name, SqlDialect dialect, ConnectionFactory factory, int maxConnections,
                        @Nullable Scheduler scheduler, boolean dropOnClose, @Nullable Path h2File,
                        @Nullable H2FileMaintenance maintenance) {
        this.h2File = h2File;
        // the file is free again before close() signals completion, so a caller may reopen it at once
        this.closing = Mono.defer(this::closePool).doOnTerminate(() -> {
            if (h2File != null && closed.compareAndSet(false, true)) {
                OPEN_H2_FILES.remove(h2File);
            }
        }).cache();
        this.maintenance = maintenance;
        this.groupSync = maintenance == null ? null : new GroupSync(maintenance::sync,
                Objects.requireNonNull(scheduler, "an H2 file has its own scheduler"));
        this.name = name;
        this.dialect = dialect;
        this.scheduler = scheduler;
        this.dropOnClose = dropOnClose;
        if (factory instanceof ConnectionPool shared) {
            this.pool = null;
            this.connections = shared;
            return;
        }
        this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                .name(name)
                .initialSize(0)
                .maxSize(maxConnections)
                .maxAcquireTime(Duration.ofSeconds(10))
                .maxCreateConnectionTime(Duration.ofSeconds(10))
                .maxIdleTime(Duration.ofMinutes(5))
                // a pooled connection is checked locally (is it open?) when acquired: a validation
                // query would cost a round trip per operation; a connection the server dropped
                // unnoticed fails its first statement, which callers see as StoreUnavailableException
                .validationDepth(ValidationDepth.LOCAL)
                .maxValidationTime(Duration.ofSeconds(5))
                .build());
        this.connections = pool;
    }

    /**
     * An H2 database stored in {@code directory} (created if needed) as {@code <fileName>.mv.db}; the
     * absolute path goes through r2dbc-h2's configuration builder, avoiding the r2dbc-h2 URL
     * four-slash pitfall. One handle per file in a JVM: the file is free again once {@link #close()} of the
     * handle that has it completes.
     *
     * <p><b>Durability.</b> Commits are written to the file before they return ({@code WRITE_DELAY=0}), so
     * a committed transaction survives a killed JVM; H2 itself never forces a commit to the device, so
     * {@link #inTransaction} and {@link #withConnectionDurable} complete only after a group {@code fsync}
     * that covers their commit (power loss); that fsync first makes H2's file header name the newest chunk. <b>Disk.</b>
     * Pages are compressed ({@code COMPRESS=TRUE}), {@link #reclaimSpace} compacts online, and freed space is
     * reused at once ({@code RETENTION_TIME=0}), but only once the commit that freed it is forced (see
     * {@code H2FileMaintenance}).
     *
     * @param directory where the file is (created if needed)
     * @param fileName the file's name without {@code .mv.db}
     * @param maxConnections pooled connections
     * @return a handle on the database; the file is opened by its first connection
     * @throws IllegalStateException if a handle in this JVM has this file open (the message names it), or
     *     naming the missing artifacts if H2's driver (com.h2database:h2, io.r2dbc:r2dbc-h2,
     *     io.r2dbc:r2dbc-pool) is not on the classpath
     */
    public static SqlDatabase h2File(Path directory, String fileName, int maxConnections) {
        return h2File("", directory, fileName, maxConnections);
    }

    /**
     * {@link #h2File(Path, String, int)} through an H2 file system named by {@code h2FileSystemPrefix} (such
     * as {@code "split:"} or a test's tracing wrapper registered with {@code org.h2.store.fs.FilePath};
     * {@code ""} for the plain disk).
     *
     * @param h2FileSystemPrefix an H2 file-system prefix, or {@code ""}
     * @param directory where the file is
     * @param fileName the file's name without {@code .mv.db}
     * @param maxConnections pooled connections
     * @return the handle
     */
    public static SqlDatabase h2File(String h2FileSystemPrefix, Path directory, String fileName, int maxConnections) {
        Objects.requireNonNull(h2FileSystemPrefix, "h2FileSystemPrefix");
        Objects.requireNonNull(directory, "directory");
        SqlDrivers.requireH2();
        Path file = directory.toAbsolutePath().normalize().resolve(fileName);
        if (!OPEN_H2_FILES.add(file)) {
            throw new IllegalStateException("H2 database " + file + ".mv.db is already open in this JVM;"
                    + " close the store that has it before opening it again");
        }
        try {
            H2Connections.File connections = H2Connections.file(h2FileSystemPrefix + file);
            return new SqlDatabase("h2:" + file, SqlDialect.H2, connections.factory(), maxConnections,
                    h2Scheduler(fileName, maxConnections), false, file, connections.maintenance());
        } catch (RuntimeException e) {
            OPEN_H2_FILES.remove(file);
            throw e;
        }
    }

    /** Where {@link #h2File} keeps its data: {@code <directory>/<fileName>.mv.db}, absolute. */
    public static Path h2DataFile(Path directory, String fileName) {
        return directory.toAbsolutePath().normalize().resolve(fileName + ".mv.db");
    }

    /**
     * A private H2 in-memory database named {@code name} ({@code DB_CLOSE_DELAY=-1}: it survives its last
     * connection). Two handles with the same name in one JVM share the data.
     *
     * @param dropOnClose whether {@link #close()} drops the database ({@code SHUTDOWN}) to free its memory
     * @throws IllegalStateException naming the missing artifacts if H2's driver is not on the classpath
     */
    public static SqlDatabase h2InMemory(String name, int maxConnections, boolean dropOnClose) {
        Objects.requireNonNull(name, "name");
        SqlDrivers.requireH2();
        return new SqlDatabase("h2:mem:" + name, SqlDialect.H2, H2Connections.inMemory(name), maxConnections,
                h2Scheduler(name, maxConnections), dropOnClose, null, null);
    }

    /**
     * A database reached through a {@link ConnectionFactory} that the caller owns (for example the one a
     * Spring application configured); its dialect is told by {@code factory.getMetadata().getName()}
     * ({@code PostgreSQL} or {@code H2}). If {@code factory} is an r2dbc-pool {@link ConnectionPool}, it
     * is used as it is (its size and timeouts apply, and {@link #close()} leaves it open); any other
     * factory is wrapped in a pool of {@code maxConnections} that {@link #close()} disposes. The factory
     * itself is never closed here.
     *
     * @param factory the connection source; H2 work still runs on this handle's own scheduler
     * @param maxConnections size of the pool wrapped around a factory that is not a pool
     * @return a handle on the database; nothing is connected until it is used
     * @throws IllegalArgumentException if the factory's database is neither PostgreSQL nor H2
     */
    public static SqlDatabase of(ConnectionFactory factory, int maxConnections) {
        Objects.requireNonNull(factory, "factory");
        String product = factory.getMetadata().getName();
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            return new SqlDatabase("r2dbc:" + product, SqlDialect.POSTGRESQL, factory, maxConnections, null, false,
                    null, null);
        }
        if ("H2".equalsIgnoreCase(product)) {
            return new SqlDatabase("r2dbc:" + product, SqlDialect.H2, factory, maxConnections,
                    h2Scheduler("shared", maxConnections), false, null, null);
        }
        throw new IllegalArgumentException("unsupported database '" + product
                + "' behind the ConnectionFactory: PostgreSQL or H2 expected");
    }

    /**
     * A PostgreSQL database reached over TCP with r2dbc-postgresql, pooled by r2dbc-pool.
     *
     * @throws IllegalStateException naming the missing artifacts if the PostgreSQL driver
     *     (org.postgresql:r2dbc-postgresql, io.r2dbc:r2dbc-pool) is not on the classpath
     */
    public static SqlDatabase postgres(String host, int port, String database, String user, String password,
                                       int maxConnections) {
        SqlDrivers.requirePostgresql();
        return new SqlDatabase("postgresql://" + host + ":" + port + "/" + database, SqlDialect.POSTGRESQL,
                PostgresConnections.tcp(host, port, database, user, password), maxConnections, null, false, null,
                null);
    }

    private static Scheduler h2Scheduler(String name, int threads) {
        return Schedulers.newBoundedElastic(threads, 10_000, "h2-" + name, 60, true);
    }

    /**
     * The pool's counters now (connections open, in use, idle, callers waiting), for tests and diagnostics.
     *
     * @return the counters; r2dbc-pool always keeps them
     */
    public PoolMetrics poolMetrics() {
        return ((ConnectionPool) connections).getMetrics().orElseThrow();
    }

    /** Where this database is, for messages (no password). */
    public String name() {
        return name;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} on a pooled connection in auto-commit mode and releases the connection when the
     * returned publisher terminates or is cancelled. Backpressure passes through to {@code work}.
     */
    public <T> Flux<T> withConnection(Function<? super Connection, ? extends Publisher<T>> work) {
        return onDatabaseThreads(Flux.usingWhen(acquire(), work, this::release));
    }

    /**
     * {@link #withConnection} for work that writes: the returned publisher completes only once what it
     * committed is durable (for an H2 file: after a group {@code fsync} that started after the work
     * ended; PostgreSQL forces at commit by itself). Items are emitted as the work produces them, so
     * acknowledge on completion ({@code then}, {@code single}), not on an item.
     *
     * @param work the statements to run
     * @param <T> item type
     * @return the work's items, completing once its writes are durable
     */
    public <T> Flux<T> withConnectionDurable(Function<? super Connection, ? extends Publisher<T>> work) {
        return onDatabaseThreads(Flux.usingWhen(acquire(), work, this::release).concatWith(durable()));
    }

    /**
     * Runs {@code work} in one transaction: commits when {@code work} completes, rolls back when it fails
     * or is cancelled; the returned publisher completes only after the commit is durable (for an H2 file,
     * after a group {@code fsync}, as {@link #withConnectionDurable}).
     *
     * @param work the statements to run
     * @param <T> item type
     * @return the work's items, completing once the commit is durable
     */
    public <T> Flux<T> inTransaction(Function<? super Connection, ? extends Publisher<T>> work) {
        return onDatabaseThreads(Flux.usingWhen(acquire(),
                connection -> Flux.usingWhen(
                        Mono.from(connection.beginTransaction()).thenReturn(connection),
                        work,
                        c -> c.commitTransaction(),
                        (c, error) -> c.rollbackTransaction(),
                        c -> c.rollbackTransaction()),
                this::release).concatWith(durable()));
    }

    /** Empty; for an H2 file, completes after a group fsync that starts after subscription. */
    private <T> Mono<T> durable() {
        return groupSync == null ? Mono.empty() : groupSync.sync().then(Mono.empty());
    }

    /**
     * For an H2 file database, the bytes of live data in the file (see {@code H2FileMaintenance#liveBytes});
     * otherwise empty.
     *
     * @return the live bytes, computed on this database's scheduler, or empty
     */
    public Mono<Long> liveBytes() {
        if (maintenance == null) {
            return Mono.empty();
        }
        return Mono.fromCallable(maintenance::liveBytes).subscribeOn(h2FileScheduler())
                .onErrorMap(dialect::isUnavailable, this::unavailable);
    }

    /**
     * For an H2 file database: rewrites at most {@code writeBytes} of live pages out of the file's sparsest
     * chunks, so their space is reused by later commits, then commits and forces that (see
     * {@code H2FileMaintenance}). Runs on this database's scheduler; its time grows with {@code writeBytes}
     * (about 20 ms per 512 KB measured here), and it holds H2's store lock meanwhile, so call it between
     * write batches with a budget. Other databases: nothing.
     *
     * @param writeBytes most bytes of pages to rewrite (at least 1)
     * @return whether anything was rewritten
     */
    public Mono<Boolean> reclaimSpace(int writeBytes) {
        if (maintenance == null) {
            return Mono.just(false);
        }
        return Mono.fromCallable(() -> maintenance.reclaim(writeBytes)).subscribeOn(h2FileScheduler())
                .onErrorMap(dialect::isUnavailable, this::unavailable);
    }

    /** The scheduler of an H2 file database, which always has one (only PostgreSQL handles have none). */
    private Scheduler h2FileScheduler() {
        return Objects.requireNonNull(scheduler, "an H2 file has its own scheduler");
    }

    private Mono<Connection> acquire() {
        // cancelling an acquisition may hand a connection back: keep that apart from disposal (PoolGate)
        Mono<Connection> acquired = gate.cancelInside(Mono.from(connections.create()));
        // the pool may hand a connection over on its own timer thread: move H2 work back onto ours
        return scheduler == null ? acquired : acquired.publishOn(scheduler);
    }

    /** Hands {@code connection} back to the pool, never while the pool is being disposed (see {@link PoolGate}). */
    private Mono<Void> release(Connection connection) {
        return gate.handBack(connection.close());
    }

    /** Applies the pending migrations of {@code component}; see {@link Migrations}. */
    public Mono<Integer> migrate(String component) {
        return Migrations.apply(this, component, Migrations.class.getClassLoader());
    }

    private <T> Flux<T> onDatabaseThreads(Flux<T> work) {
        Flux<T> mapped = work.onErrorMap(dialect::isUnavailable, this::unavailable);
        return scheduler == null ? mapped : mapped.subscribeOn(scheduler);
    }

    /**
     * Names the exception this handle signals when the database is unreachable or unusable: the component
     * that owns the handle calls it once, before its first statement (the stores pass
     * {@code StoreUnavailableException}), so that the bottom layer needs no store type.
     *
     * @param <E> the exception type
     * @param type the exception type: an error already of this type is passed on as it is
     * @param errors makes the exception from a message and the cause
     * @return this handle
     */
    public <E extends RuntimeException> SqlDatabase unavailableAs(Class<E> type,
                                                                  BiFunction<String, Throwable, E> errors) {
        this.unavailableErrors = Objects.requireNonNull(errors, "errors");
        this.unavailableType = Objects.requireNonNull(type, "type");
        return this;
    }

    /**
     * {@code error} as the exception callers receive when the database is unavailable (see {@link #unavailableAs}).
     *
     * @param error the driver's failure
     * @return the exception to signal: {@code error} itself if it is already of the named type, otherwise a
     *     new one of that type wrapping {@code error}
     */
    public RuntimeException unavailable(Throwable error) {
        if (unavailableType.isInstance(error)) {
            return (RuntimeException) error;
        }
        return unavailableErrors.apply(name + " is unavailable: " + error.getMessage(), error);
    }

    /**
     * For an H2 file database: closes the database after rewriting its file without the space that
     * earlier commits left behind ({@code SHUTDOWN COMPACT}); {@link #close()} this handle afterwards.
     * It takes time in proportion to the data. No other handle in this JVM can have the file open
     * ({@link #h2File} refuses a second one); another process holds H2's file lock, and H2 refuses.
     *
     * @throws IllegalStateException (at assembly) unless this is an H2 file database
     */
    public Mono<Void> shutdownCompact() {
        if (h2File == null) {
            throw new IllegalStateException("SHUTDOWN COMPACT is for H2 file databases, not " + name);
        }
        return withConnection(c -> Mono.from(c.createStatement("SHUTDOWN COMPACT").execute())
                .flatMap(r -> Mono.from(r.getRowsUpdated()))).then();
    }

    /**
     * Closes the pool and, for H2, the scheduler; an in-memory database with {@code dropOnClose} is dropped
     * first. The pool is disposed only while no connection is being handed back to it ({@link PoolGate});
     * connections still in use are closed when their work hands them back. Idempotent: every call
     * returns the same cached outcome.
     */
    public Mono<Void> close() {
        return closing;
    }

    private Mono<Void> closePool() {
        if (pool == null) {
            // a shared pool belongs to whoever created it; only our scheduler is ours to release
            return scheduler == null ? Mono.empty() : Mono.fromRunnable(scheduler::dispose);
        }
        Mono<Void> drop = dropOnClose
                ? withConnection(c -> Mono.from(c.createStatement("SHUTDOWN").execute())
                        .flatMap(r -> Mono.from(r.getRowsUpdated()))).then().onErrorResume(e -> Mono.empty())
                : Mono.empty();
        if (scheduler == null) {
            return drop.then(gate.dispose(pool.disposeLater()));
        }
        Mono<Void> endMaintenance = maintenance == null ? Mono.empty()
                : Mono.fromRunnable(maintenance::close).subscribeOn(scheduler).onErrorResume(e -> Mono.empty()).then();
        return drop.then(endMaintenance).then(gate.dispose(pool.disposeLater().subscribeOn(scheduler)))
                .then(Mono.fromRunnable(scheduler::dispose));
    }

    @Override
    public String toString() {
        return "SqlDatabase{" + name + "}";
    }
}
