package io.reactivestore.store.r2dbc;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.InvalidEventException;
import io.reactivestore.event.NostrJson;
import io.reactivestore.internal.Hex;
import io.reactivestore.internal.sql.SqlBuilder;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.internal.sql.SqlDialect;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventLimits;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.KeyValueStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.StoreClosedException;
import io.reactivestore.store.StoreSize;
import io.reactivestore.store.StoreUnavailableException;
import io.reactivestore.store.feed.ChangeLog;
import io.reactivestore.store.feed.FeedStart;
import io.reactivestore.store.feed.Horizon;
import io.reactivestore.store.feed.StoreChange;
import io.reactivestore.store.retention.Retention;
import io.reactivestore.store.retention.RetentionPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The {@link EventStore} on a SQL database through R2DBC: H2 (a file in a directory, the embedded
 * default, or in memory) or PostgreSQL. Open one with {@link R2dbcEventStores}.
 *
 * <p><b>Schema.</b> Table {@code events} (binary id as primary key, pubkey, created_at, kind, the SHA-256
 * of the replaceable address under a unique key, the event's exact JSON bytes) with indexes
 * {@code (created_at DESC, id)}, {@code (pubkey, created_at DESC, id)}, {@code (kind, created_at DESC, id)};
 * table {@code event_tags} (first value of every single-letter tag, indexed by
 * {@code (name, value, created_at DESC, event_id)}); table {@code event_tombstones}. Created and upgraded
 * at open by the versioned migrations of component {@code events}.
 *
 * <p><b>Reads.</b> Filters become one parameterized statement (see {@code FilterSql}). A query that
 * can match at most 1 000 rows (the sum of its filters' limits or id counts) is read whole, then the
 * connection goes back to the pool and the events are emitted as demand arrives: a slow subscriber
 * holds memory for at most those rows, never a connection. Larger queries are streamed as demand
 * arrives (PostgreSQL is asked for 256 rows at a time; H2 buffers a result itself, spilling large ones
 * to disk), holding their connection until they finish. Events are served as the exact bytes saved. A statement sees one snapshot, so
 * never two versions of one address. {@link #export()} pages by id (500 rows per statement), so it
 * runs in constant memory over any number of events; {@code export(pubkeys)} is the query of the
 * interface's default method, streamed like any large query.
 *
 * <p><b>Writes (group commit).</b> {@link #save} checks the {@link EventLimits} in memory (a violation
 * is an {@link InvalidEventException} before the database is touched) and queues the event. One writer
 * takes up to {@code maxBatch} queued saves at a time into one transaction; each caller gets its own
 * {@link SaveResult}, exactly as if the saves had run one after the other in arrival order, and its
 * {@code Mono} completes only after the commit. When the queue ({@code queueCapacity}) is full, further
 * saves wait for room without blocking a thread. If a batch fails with a non-transient error it is
 * retried one event per transaction, so only the event at fault fails. A batch that meets a unique-key
 * conflict (another store instance writing the same database) is retried with fresh state, up to 3
 * times. Deletes and nukes take their own turn in the same writer. {@link #importEvents} queues the
 * stream in groups of {@code maxBatch} events (at most 4 groups, and never more than the queue holds,
 * in flight), with the same outcomes as saving them one by one in stream order.
 *
 * <p><b>Durability and disk (H2 file).</b> A save's {@code Mono} completes only after its batch's commit
 * has been forced to the device by a group {@code fsync} (H2 does not force commits itself), so an
 * acknowledged event survives power loss, not only a killed process. After each batch the writer
 * compacts a slice of the file online (rewriting the live pages of its sparsest chunks, a slice sized to
 * take about 20 ms), so under lone commits the file stays within a small factor of its compacted size
 * instead of growing by tens of KB per commit.
 *
 * <p><b>Replaceable and addressable events</b> keep one row per address, guarded by the unique key on
 * the address hash: a replacement deletes the old row and inserts the new one in one transaction.
 *
 * <p><b>Change log.</b> The store is a {@link ChangeLog}: every stored row gets the next number of one
 * sequence ({@code seq}, a PostgreSQL/H2 sequence) and the random origin of the store instance that
 * wrote it; every removed row (deleted, replaced by a newer version, nuked) is logged in
 * {@code event_removals} with a number of the same sequence (kept one hour). On PostgreSQL each row also records
 * the transaction that wrote it ({@code txid}), and every write transaction takes its transaction number
 * before it draws a sequence number, so the log offers a transaction {@link #horizon()}: a follower then
 * waits for a skipped number exactly as long as a transaction may still commit it, and finds numbers
 * below its start committed after it. Follow it with
 * {@link io.reactivestore.store.feed.ChangeFeed}. On PostgreSQL a save batch takes shared advisory locks
 * on its ids and a deletion an exclusive one, so a NIP-09 deletion and a save of the same event on two
 * nodes end in the same state whatever their interleaving.
 *
 * <p><b>PostgreSQL notifications.</b> Statement-level triggers on {@code events} and
 * {@code event_removals} run {@code pg_notify('reactive_store_events', '<highest seq written>')} after
 * every {@code INSERT} statement; PostgreSQL delivers them when the transaction commits, so listeners
 * ({@code LISTEN reactive_store_events}) get one signal per committed write statement, carrying the
 * highest sequence number it wrote.
 *
 * <p><b>Errors.</b> A database that cannot be reached gives {@link StoreUnavailableException}
 * (transient); the pool reconnects by itself when the database is back. After {@link #close()}:
 * {@link StoreClosedException}.
 */
public final class R2dbcEventStore implements EventStore, StoreSize, ChangeLog {

    /** Rows fetched per round trip while streaming a PostgreSQL query. */
    private static final int FETCH_SIZE = 256;
    /**
     * A query that cannot match more rows than this is read whole before its first event is emitted, so
     * that a slow subscriber (a relay client reading slowly) never holds a pooled connection.
     */
    private static final int READ_WHOLE_ROWS = 1000;
    /** Rows per page of {@link #export()}. */
    private static final int EXPORT_PAGE = 500;

    private final SqlDatabase db;
    private final SqlDialect dialect;
    private final EventLimits limits;
    private final WriteQueue writer;
    private final boolean fileBacked;
    private final int maxBatch;
    private final int importGroups;
    private final String name;
    private final Mono<Void> closing;
    private final @Nullable SpaceReclaimer reclaimer;
    /** This instance's mark on the rows it writes (never 0, the mark of rows older than the change log). */
    private final long origin = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private volatile Disposable retention = Disposables.disposed();
    private volatile boolean closed;
    private final R2dbcKeyValues keyValues;

    private R2dbcEventStore(SqlDatabase db, EventLimits limits, int maxBatch, int queueCapacity, boolean fileBacked) {
        this.db = db;
        this.dialect = db.dialect();
        this.limits = limits;
        this.fileBacked = fileBacked;
        this.name = "event store " + db.name();
        this.writer = new WriteQueue(name, queueCapacity, maxBatch, this::writeBatch);
        this.maxBatch = maxBatch;
        this.importGroups = Math.max(1, Math.min(4, queueCapacity / maxBatch));
        this.closing = Mono.defer(() -> {
            retention.dispose();
            return writer.close().then(db.close());
        }).cache();
        this.reclaimer = fileBacked ? new SpaceReclaimer(db) : null;
        this.keyValues = new R2dbcKeyValues(db, () -> closed, name);
    }

    /**
     * Opens a store on {@code db}: applies the migrations, then hands the store out. On failure the
     * database handle is closed.
     */
    static Mono<R2dbcEventStore> open(SqlDatabase db, EventLimits limits, int maxBatch, int queueCapacity,
                                      boolean fileBacked) {
        db.unavailableAs(StoreUnavailableException.class, StoreUnavailableException::new);
        return db.migrate("events")
                .thenReturn(new R2dbcEventStore(db, limits, maxBatch, queueCapacity, fileBacked))
                .onErrorResume(e -> db.close().onErrorResume(x -> Mono.empty()).then(Mono.error(e)));
    }

    /** The database handle, for tests of this package. */
    SqlDatabase database() {
        return db;
    }

    /** Starts {@code policy} on this store's own timer; {@link #close()} stops it. */
    R2dbcEventStore withRetention(RetentionPolicy policy) {
        retention = Retention.start(this, policy, Schedulers.parallel());
        return this;
    }

    /** {@return the limits {@link #save} enforces} */
    public EventLimits limits() {
        return limits;
    }

    // ------------------------------------------------------------------ writes

    @Override
    public Mono<SaveResult> save(Event event) {
        Objects.requireNonNull(event, "event");
        return Mono.defer(() -> {
            if (closed) {
                return Mono.error(new StoreClosedException(name));
            }
            EventRow row;
            try {
                row = EventRow.of(limits.check(event));
            } catch (InvalidEventException e) {
                return Mono.error(e);
            }
            return writer.save(row);
        });
    }

    /**
     * Queues {@code events} as one group (see {@link WriteQueue#saveAll}); an event breaking the limits
     * fails the group after the events before it have been written, and the events after it are not saved.
     */
    private Mono<Long> saveAll(List<Event> events) {
        return whenOpen(() -> {
            List<EventRow> rows = new ArrayList<>(events.size());
            for (Event e : events) {
                try {
                    rows.add(EventRow.of(limits.check(e)));
                } catch (InvalidEventException x) {
                    return writer.saveAll(rows).then(Mono.error(x));
                }
            }
            return writer.saveAll(rows);
        });
    }

    /** Writes a batch, then (H2 file) reclaims a slice of space in the same writer turn, after the acks. */
    private Mono<Void> writeBatch(List<WriteQueue.SaveRequest> batch) {
        return reclaimer == null ? writeRows(batch) : writeRows(batch).then(reclaimer.runSlice());
    }

    private Mono<Void> writeRows(List<WriteQueue.SaveRequest> batch) {
        List<EventRow> rows = new ArrayList<>(batch.size());
        for (WriteQueue.SaveRequest r : batch) {
            rows.add(r.row());
        }
        return db.inTransaction(c -> new SaveBatch(dialect, rows, origin).write(c))
                .single()
                .retryWhen(Retry.max(3).filter(dialect::isUniqueViolation)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .doOnNext(results -> {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).outcome().saved(results.get(i));
                    }
                })
                .then()
                .onErrorResume(e -> {
                    if (batch.size() == 1 || e instanceof StoreUnavailableException) {
                        batch.forEach(r -> r.outcome().failed(e));
                        return Mono.empty();
                    }
                    return Flux.fromIterable(batch).concatMap(r -> writeRows(List.of(r))).then();
                });
    }

    @Override
    public Mono<Boolean> delete(Deletion deletion) {
        Objects.requireNonNull(deletion, "deletion");
        return whenOpen(() -> writer.exclusive(() -> db.inTransaction(c -> {
            byte[] id = Hex.decode(deletion.eventId());
            SqlBuilder lock = dialect.eventLocks(List.of(SaveBatch.lockKey(id)), false);
            SqlBuilder delete = new SqlBuilder(dialect).sql("DELETE FROM events WHERE id = ")
                    .param(Hex.decode(deletion.eventId()));
            if (deletion.author() != null) {
                delete.sql(" AND pubkey = ").param(Hex.decode(deletion.author()));
            }
            Mono<Void> tombstone = deletion.tombstone() ? rowsUpdated(c.createStatement(
                            dialect.insertIgnoringDuplicate("event_tombstones", List.of("event_id", "author"),
                                    List.of("event_id", "author"), 1))
                    .bind(0, Hex.decode(deletion.eventId()))
                    .bind(1, deletion.author() == null ? new byte[0] : Hex.decode(deletion.author()))).then()
                    : Mono.empty();
            return (lock == null ? Mono.<Void>empty() : SaveBatch.execute(c, lock))
                    .then(rowsUpdated(delete.bind(c)))
                    .flatMap(n -> (n > 0 ? ChangeRows.recordRemovals(dialect, c, List.of(id)) : Mono.<Void>empty())
                            .then(tombstone)
                            .thenReturn(n > 0));
        }).single()));
    }

    @Override
    public Mono<Long> importEvents(Flux<Event> events) {
        Objects.requireNonNull(events, "events");
        // groups of maxBatch events, a few in flight: per-event cost does not grow with the concurrency
        return events.buffer(maxBatch)
                .flatMap(this::saveAll, importGroups)
                .reduce(0L, Long::sum);
    }

    @Override
    public Mono<Void> nuke() {
        SqlBuilder assign = dialect.assignTransaction();
        return whenOpen(() -> writer.exclusive(() -> db.inTransaction(c -> (assign == null ? Mono.<Void>empty()
                        : SaveBatch.execute(c, assign))
                .then(ChangeRows.recordRemovalOfAll(dialect, c))
                .then(rowsUpdated(c.createStatement("DELETE FROM event_tags")))
                .then(rowsUpdated(c.createStatement("DELETE FROM events")))
                .then(rowsUpdated(c.createStatement("DELETE FROM event_tombstones"))))
                .then()));
    }

    /**
     * A file database whose commits are not durable by themselves (H2): the dialect's
     * {@link SqlDialect#forceToDiskStatement()}. Otherwise commits are already durable.
     */
    @Override
    public Mono<Void> sync() {
        String force = fileBacked ? dialect.forceToDiskStatement() : null;
        if (force == null) {
            return whenOpen(() -> writer.exclusive(Mono::empty));
        }
        return whenOpen(() -> writer.exclusive(() -> db.withConnection(
                c -> rowsUpdated(c.createStatement(force))).then()));
    }

    // ------------------------------------------------------------------ reads

    /**
     * {@inheritDoc}
     *
     * <p>Both dialects: PostgreSQL through a GIN full-text index, H2 by scanning the stored search texts (see
     * {@code SqlDialect#appendSearchMatch}).
     *
     * @return {@code true}
     */
    @Override
    public boolean supportsSearch() {
        return true;
    }

    @Override
    public Flux<Event> query(List<Filter> filters) {
        Objects.requireNonNull(filters, "filters");
        return Flux.defer(() -> {
            if (closed) {
                return Flux.error(new StoreClosedException(name));
            }
            SqlBuilder q = FilterSql.query(dialect, filters);
            if (q == null) {
                return Flux.empty();
            }
            if (maxRows(filters) <= READ_WHOLE_ROWS) {
                return db.withConnection(c -> rows(q, c).collectList())
                        .concatMapIterable(json -> json)
                        .map(NostrJson::parseStoredEvent);
            }
            return db.withConnection(c -> rows(q, c)).map(NostrJson::parseStoredEvent);
        });
    }

    private static Flux<byte[]> rows(SqlBuilder q, Connection c) {
        return Flux.from(q.bind(c).fetchSize(FETCH_SIZE).execute())
                .concatMap(r -> r.map((row, m) -> row.get(0, byte[].class)));
    }

    /** The most rows {@code filters} can match: the sum of their limits (or id counts), else {@code MAX_VALUE}. */
    private static long maxRows(List<Filter> filters) {
        long rows = 0;
        for (Filter f : filters) {
            long bound = Long.MAX_VALUE;
            if (f.limit() != null) {
                bound = f.limit();
            }
            if (f.ids() != null) {
                bound = Math.min(bound, f.ids().size());
            }
            if (bound == Long.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
            rows += bound;
        }
        return rows;
    }

    @Override
    public Mono<Long> count(List<Filter> filters) {
        Objects.requireNonNull(filters, "filters");
        return whenOpen(() -> {
            SqlBuilder q = FilterSql.count(dialect, filters);
            if (q == null) {
                return Mono.just(0L);
            }
            return db.withConnection(c -> Flux.from(q.bind(c).execute())
                    .concatMap(r -> r.map((row, m) -> ((Number) row.get(0)).longValue()))).single();
        });
    }

    /** Pages through {@code events} by id: each page is one bounded statement starting after the last id. */
    @Override
    public Flux<Event> export() {
        return Flux.defer(() -> {
            if (closed) {
                return Flux.error(new StoreClosedException(name));
            }
            return exportPage(null)
                    .expand(page -> page.size() < EXPORT_PAGE ? Mono.empty()
                            : exportPage(page.get(page.size() - 1).id()))
                    .concatMapIterable(page -> page)
                    .map(row -> NostrJson.parseStoredEvent(row.json()));
        });
    }

    private record IdJson(byte[] id, byte[] json) {
    }

    private Mono<List<IdJson>> exportPage(byte @Nullable [] after) {
        SqlBuilder q = new SqlBuilder(dialect).sql("SELECT e.id, e.json FROM events e WHERE ");
        if (after != null) {
            q.sql("e.id > ").param(after).sql(" AND ");
        }
        q.sql("TRUE ORDER BY e.id LIMIT ").param(EXPORT_PAGE);
        return db.withConnection(c -> Flux.from(q.bind(c).execute())
                        .concatMap(r -> r.map((row, m) -> new IdJson(row.get(0, byte[].class),
                                row.get(1, byte[].class)))))
                .collectList(); // bounded: at most EXPORT_PAGE rows
    }

    /**
     * H2 file: the live data in the file (its length times H2's fill rates), which falls as events are
     * deleted; H2 in memory and PostgreSQL: empty (not reported).
     *
     * @return the size in bytes, or empty
     */
    @Override
    public Mono<Long> sizeOnDisk() {
        return whenOpen(db::liveBytes);
    }

    // ------------------------------------------------------------------ change log

    @Override
    public Mono<Long> lastSequence() {
        return whenOpen(() -> db.withConnection(c -> Flux.from(ChangeRows.lastSequence(dialect).bind(c).execute())
                .concatMap(r -> r.map((row, m) -> ((Number) row.get(0)).longValue()))).single());
    }

    /**
     * {@inheritDoc}
     *
     * <p>A change is {@link StoreChange#local() local} when this store instance wrote the row (each
     * instance marks its rows with a random 64-bit origin chosen when it opens).
     */
    @Override
    public Flux<StoreChange> changesAfter(long sequence, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit: must be positive, got " + limit);
        }
        return whenOpenFlux(() -> db.withConnection(
                c -> ChangeRows.read(c, ChangeRows.after(dialect, sequence, limit), origin).collectList())
                .concatMapIterable(page -> page));
    }

    @Override
    public Flux<StoreChange> changesAmong(Collection<Long> sequences) {
        Objects.requireNonNull(sequences, "sequences");
        if (sequences.isEmpty()) {
            return Flux.empty();
        }
        return whenOpenFlux(() -> db.withConnection(
                c -> ChangeRows.read(c, ChangeRows.among(dialect, sequences), origin).collectList())
                .concatMapIterable(page -> page));
    }

    /**
     * {@inheritDoc}
     *
     * <p>PostgreSQL: with the snapshot of the read ({@code txid_current_snapshot()}); H2: the default.
     */
    @Override
    public Mono<FeedStart> start() {
        if (dialect != SqlDialect.POSTGRESQL) {
            return lastSequence().map(FeedStart::at);
        }
        return whenOpen(() -> db.withConnection(c -> Flux.from(ChangeRows.start(dialect).bind(c).execute())
                .concatMap(r -> r.map((row, m) -> new FeedStart(((Number) row.get(0)).longValue(),
                        ((Number) row.get(2)).longValue(), row.get(1, String.class))))).single());
    }

    /**
     * {@inheritDoc}
     *
     * <p>PostgreSQL: {@code txid_snapshot_xmin} and {@code _xmax} of {@code txid_current_snapshot()}
     * (every write transaction of this store takes its number before drawing a sequence number); H2: empty.
     */
    @Override
    public Mono<Horizon> horizon() {
        if (dialect != SqlDialect.POSTGRESQL) {
            return Mono.empty();
        }
        return whenOpen(() -> db.withConnection(c -> Flux.from(ChangeRows.horizon(dialect).bind(c).execute())
                .concatMap(r -> r.map((row, m) -> new Horizon(((Number) row.get(0)).longValue(),
                        ((Number) row.get(1)).longValue())))).single());
    }

    /**
     * {@inheritDoc}
     *
     * <p>PostgreSQL: found through the {@code txid} column each row records (rows written before schema
     * version 3 have none, and are never late); H2: none.
     */
    @Override
    public Flux<StoreChange> committedAfterStart(FeedStart start) {
        Objects.requireNonNull(start, "start");
        if (dialect != SqlDialect.POSTGRESQL || !start.knowsTransactions()) {
            return Flux.empty();
        }
        return whenOpenFlux(() -> db.withConnection(c -> ChangeRows.read(c,
                        ChangeRows.committedAfter(dialect, start.sequence(),
                                Objects.requireNonNull(start.snapshot(), "a start that knows transactions has a snapshot")), origin).collectList())
                .concatMapIterable(page -> page));
    }

    private <T> Flux<T> whenOpenFlux(Supplier<Flux<T>> work) {
        return Flux.defer(() -> closed ? Flux.error(new StoreClosedException(name)) : work.get());
    }

    // ------------------------------------------------------------------ lifecycle

    /** Refuses new work, waits for queued writes, then closes the pool. Idempotent. */
    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            closed = true;
            return closing;
        });
    }

    /**
     * This store's key-values ({@link KeyValueStore}): table {@code store_kv} of the same database, created by the
     * migrations of component {@code kv} on first use; a put completes once durable, like a save.
     *
     * @return the key-values, usable until the store is closed
     */
    public KeyValueStore keyValues() {
        return keyValues;
    }

    private <T> Mono<T> whenOpen(Supplier<Mono<T>> work) {
        return Mono.defer(() -> closed ? Mono.error(new StoreClosedException(name)) : work.get());
    }

    private static Mono<Long> rowsUpdated(Statement statement) {
        return Flux.from(statement.execute()).concatMap(r -> r.getRowsUpdated()).reduce(0L, Long::sum);
    }

    @Override
    public String toString() {
        return "R2dbcEventStore{" + db.name() + "}";
    }
}
