package io.reactivestore.store.lmdb;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.InvalidEventException;
import io.reactivestore.store.internal.ImportTally;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventLimits;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.KeyValueStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.SearchNotSupportedException;
import io.reactivestore.store.StoreClosedException;
import io.reactivestore.store.StoreSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link EventStore} on LMDB (a memory-mapped B+tree in one directory: {@code data.mdb},
 * {@code lock.mdb}, and this store's {@code store.lock}). Open one with {@link #open(Path)} or
 * {@link #builder(Path)}.
 *
 * <p><b>Layout.</b> Each event is stored once, as its exact JSON bytes, under an 8-byte sequence number.
 * Indexes are sorted binary keys ending in a 24-byte sort key (inverted {@code created_at}, the id's first
 * 8 bytes, the sequence number): by time, kind, author+kind (which also serves author filters: one range per kind
 * the author has used), tag letter + value hash; plus id -> sequence, replaceable address hash -> sequence,
 * tombstones by (id, author) and NIP-40 expiration time. The directory records its layout version and an older
 * layout is migrated when opened ({@code LmdbLayout}); a newer one fails the open with
 * {@link IllegalStateException}.
 * Every filter is a set of bounded range scans read newest first and merged, so {@code limit} stops the
 * scan; {@link #count} counts index keys without reading events when the index covers the filter. The newest
 * events are also kept parsed in a bounded in-heap cache ({@link Builder#cachedEvents}).
 *
 * <p><b>Writes.</b> One writer thread takes saves, deletes and nukes from a bounded queue
 * ({@code queueCapacity}) and applies up to {@code maxBatch} of them in one write transaction;
 * replacement, deletion and tombstone checks run inside it, so they are atomic. The commit syncs the
 * file before any {@link SaveResult} of the batch is emitted: an acknowledged event survives a process
 * crash and a power loss. Results are emitted on Reactor's parallel scheduler, never on the writer.
 * The map starts at {@code initialMapSize} and doubles by itself when full, up to {@code maxMapSize};
 * beyond that saves fail with {@link io.reactivestore.store.StoreFullException}.
 *
 * <p><b>Reads.</b> On the store's own bounded pool of reader threads (never a Reactor parallel or Netty
 * thread). A query runs in pages of at most {@value #PAGE_EVENTS} events, each in its own short read
 * transaction; at most one page is read ahead of the subscriber, so a slow subscriber holds neither a
 * transaction nor more than two pages of memory. Export streams the same way.
 *
 * <p><b>Exclusive.</b> One open store per directory: opening a directory this JVM or another process
 * already has open fails with {@link IllegalStateException}. The buffer proxy used needs no
 * {@code --add-opens} on any Java version.
 */
public final class LmdbEventStore implements EventStore, StoreSize {

    /** Events per query page (per read transaction). */
    static final int PAGE_EVENTS = 256;
    /** Index keys examined per page at most, so a sparse scan still releases its transaction often. */
    static final int PAGE_KEYS = 4096;
    /** Index keys examined per page of a count. */
    static final int COUNT_PAGE_KEYS = 65_536;

    private final LmdbEnv db;
    private final LmdbFiles files;
    private final Writer writer;
    private final Scheduler readers;
    private final EventLimits limits;
    private final int maxBatch;
    private final String name;
    private volatile boolean closed;
    private final Mono<Void> closing;

    private LmdbEventStore(Builder b, LmdbFiles files) {
        this.files = files;
        this.name = "LMDB event store " + files.dir();
        this.limits = b.limits;
        this.maxBatch = b.maxBatch;
        LmdbEnv env = new LmdbEnv(name, files.dir().toFile(), b.initialMapSize, b.maxMapSize, b.readerThreads + 8,
                b.cachedEvents);
        this.db = env;
        this.readers = Schedulers.newBoundedElastic(b.readerThreads, b.readerQueue, "lmdb-reader", 60, true);
        this.writer = new Writer(env, files.dir().getFileName().toString(), b.queueCapacity, b.maxBatch,
                Schedulers.parallel(), () -> {
                    try {
                        env.close();
                    } finally {
                        files.close();
                    }
                });
        this.closing = Mono.defer(writer::close).then(Mono.<Void>fromRunnable(readers::dispose)).cache();
    }

    /**
     * Opens (creating if needed) the store in {@code dir} with the default options.
     *
     * @param dir the store's directory
     * @return the open store, on subscription (opening does file I/O on a bounded-elastic thread);
     *     errors: {@link IllegalStateException} if the directory is open in this JVM or another process
     *     or holds a newer on-disk layout than this release reads,
     *     {@link io.reactivestore.store.StoreUnavailableException} if it cannot be created
     */
    public static Mono<LmdbEventStore> open(Path dir) {
        return builder(dir).open();
    }

    /**
     * Options for a store in {@code dir}.
     *
     * @param dir the store's directory
     * @return a builder with the defaults
     */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /**
     * The current size of the memory map in bytes (it grows by doubling when full).
     *
     * @return the map size
     */
    public long mapSize() {
        return db.mapSize();
    }

    /**
     * The bytes of the map's pages in use by the store's data now (every index and the events, counted in
     * whole pages), read in one short read transaction on a reader thread. It falls as events are deleted,
     * while {@code data.mdb} keeps its high-water size and reuses the freed pages; so a size-based retention
     * rule ({@link io.reactivestore.store.retention.RetentionPolicy.Builder#maxBytes}) bounds the file near it.
     *
     * @return the live size in bytes; errors with {@link StoreClosedException} once closed
     */
    @Override
    public Mono<Long> sizeOnDisk() {
        return whenOpen(() -> Mono.fromCallable(db::liveBytes).subscribeOn(readers));
    }

    /**
     * The limits {@link #save} enforces.
     *
     * @return the limits
     */
    public EventLimits limits() {
        return limits;
    }

    // ------------------------------------------------------------------ writes

    @Override
    public Mono<SaveResult> save(Event event) {
        Objects.requireNonNull(event, "event");
        return whenOpen(() -> {
            try {
                limits.check(event);
            } catch (InvalidEventException e) {
                return Mono.error(e);
            }
            return Mono.<SaveResult>create(sink -> writer.offer(List.of(new SinkOp<SaveResult>(sink) {
                @Override
                @Nullable Object apply(Mutations m) {
                    return m.save(event);
                }
            })));
        });
    }

    @Override
    public Mono<Boolean> delete(Deletion deletion) {
        Objects.requireNonNull(deletion, "deletion");
        return whenOpen(() -> Mono.<Boolean>create(sink -> writer.offer(List.of(new SinkOp<Boolean>(sink) {
            @Override
            @Nullable Object apply(Mutations m) {
                return m.delete(deletion);
            }
        }))));
    }

    @Override
    public Mono<Void> nuke() {
        return whenOpen(() -> Mono.<Void>create(sink -> writer.offer(List.of(new SinkOp<Void>(sink) {
            @Override
            @Nullable Object apply(Mutations m) {
                m.nuke();
                return null;
            }
        }))));
    }

    /** Every commit is already synced; this completes once everything queued before it is committed. */
    @Override
    public Mono<Void> sync() {
        return whenOpen(() -> Mono.<Void>create(sink -> writer.offer(List.of(new SinkOp<Void>(sink) {
            @Override
            @Nullable Object apply(Mutations m) {
                return null;
            }
        }))));
    }

    /**
     * Saves the stream in groups of {@code maxBatch} events (at most 4 groups in flight), with the same
     * outcomes as saving them one by one in stream order.
     */
    @Override
    public Mono<Long> importEvents(Flux<Event> events) {
        Objects.requireNonNull(events, "events");
        return events.buffer(maxBatch).flatMap(this::saveAll, 4).reduce(0L, Long::sum); // queued in stream order
    }

    private Mono<Long> saveAll(List<Event> events) {
        return whenOpen(() -> Mono.<Long>create(sink -> {
            ImportTally tally = new ImportTally(events.size(), sink);
            List<Writer.Op> ops = new ArrayList<>(events.size());
            for (Event e : events) {
                try {
                    limits.check(e);
                } catch (InvalidEventException x) {
                    tally.failed(x);
                    continue;
                }
                ops.add(new Writer.Op() {
                    @Override
                    @Nullable Object apply(Mutations m) {
                        return m.save(e);
                    }

                    @Override
                    void succeed(Object result) {
                        tally.saved((SaveResult) result);
                    }

                    @Override
                    void fail(Throwable error) {
                        tally.failed(error);
                    }
                });
            }
            writer.offer(ops);
        }));
    }

    /** An op completing one sink. */
    private abstract static class SinkOp<T> extends Writer.Op {
        private final MonoSink<T> sink;

        SinkOp(MonoSink<T> sink) {
            this.sink = sink;
        }

        @Override
        @SuppressWarnings("unchecked")
        void succeed(Object result) {
            if (result == null) {
                sink.success();
            } else {
                sink.success((T) result);
            }
        }

        @Override
        void fail(Throwable error) {
            sink.error(error);
        }
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Flux<Event> query(List<Filter> filters) {
        Objects.requireNonNull(filters, "filters");
        return whenOpenFlux(() -> {
            SearchNotSupportedException.refuseSearch(filters, "LMDB event store");
            PagedQuery q = new PagedQuery(db, List.copyOf(filters), false);
            return pages(q::done, () -> q.nextPage(PAGE_EVENTS, PAGE_KEYS));
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each page is read in one short read transaction on the reader pool and handed on whole: one hop to a
     * reader thread per page, and no signal per event. The next page is read only when it is requested.
     */
    @Override
    public Flux<List<Event>> queryPages(List<Filter> filters, int pageSize) {
        Objects.requireNonNull(filters, "filters");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
        }
        return whenOpenFlux(() -> {
            SearchNotSupportedException.refuseSearch(filters, "LMDB event store");
            PagedQuery q = new PagedQuery(db, List.copyOf(filters), false);
            // a page that met only non-matching keys before PAGE_KEYS is empty: skipped, the next one is read
            return Mono.fromSupplier(() -> q.nextPage(pageSize, PAGE_KEYS)).subscribeOn(readers)
                    .repeat(() -> !q.done())
                    .filter(page -> !page.isEmpty());
        });
    }

    @Override
    public Mono<Long> count(List<Filter> filters) {
        Objects.requireNonNull(filters, "filters");
        return whenOpen(() -> Mono.fromCallable(() -> {
            SearchNotSupportedException.refuseSearch(filters, "LMDB event store");
            PagedQuery q = new PagedQuery(db, List.copyOf(filters), true);
            while (!q.done()) {
                q.nextPage(Integer.MAX_VALUE, COUNT_PAGE_KEYS);
            }
            return q.counted();
        }).subscribeOn(readers));
    }

    /** In no particular order: by sequence number, in pages of {@value #PAGE_EVENTS}. */
    @Override
    public Flux<Event> export() {
        return whenOpenFlux(() -> {
            ExportCursor cursor = new ExportCursor(db);
            return pages(cursor::done, () -> cursor.nextPage(PAGE_EVENTS));
        });
    }

    /**
     * Pages read one at a time on the reader pool; the next page is read only after the previous one
     * was handed downstream, so at most one page waits ahead of the subscriber.
     */
    private Flux<Event> pages(java.util.function.BooleanSupplier done, Supplier<List<Event>> page) {
        return Mono.fromSupplier(page).subscribeOn(readers)
                .repeat(() -> !done.getAsBoolean())
                .concatMapIterable(events -> events, 1);
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Refuses new work, lets queued writes commit, closes the environment once running reads have left
     * their transaction (a paged query still running then fails with {@link StoreClosedException}), and
     * releases the directory. Idempotent.
     */
    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            closed = true;
            return closing;
        });
    }

    /**
     * This store's key-values ({@link KeyValueStore}): a named database in the same LMDB environment, written by
     * the store's writer in its group commits (durable when a put completes), read on its reader threads. Not
     * emptied by {@link #nuke()}.
     *
     * @return the key-values, usable until the store is closed
     */
    public KeyValueStore keyValues() {
        return new LmdbKeyValues(db, this::write, this::read);
    }

    /** Applies {@code work} in a write transaction of the writer; completes after its commit. */
    private Mono<Void> write(java.util.function.Consumer<Mutations> work) {
        return whenOpen(() -> Mono.<Void>create(sink -> writer.offer(List.of(new SinkOp<Void>(sink) {
            @Override
            @Nullable Object apply(Mutations m) {
                work.accept(m);
                return null;
            }
        }))));
    }

    /** Runs {@code work} in a read transaction on a reader thread. */
    private <T> Mono<T> read(java.util.function.Function<ReadTxn, T> work) {
        return whenOpen(() -> Mono.fromCallable(() -> db.read(work)).subscribeOn(readers));
    }

    private <T> Mono<T> whenOpen(Supplier<Mono<T>> work) {
        return Mono.defer(() -> closed ? Mono.error(new StoreClosedException(name)) : work.get());
    }

    private <T> Flux<T> whenOpenFlux(Supplier<Flux<T>> work) {
        return Flux.defer(() -> closed ? Flux.error(new StoreClosedException(name)) : work.get());
    }

    @Override
    public String toString() {
        return "LmdbEventStore{" + files.dir() + "}";
    }

    /** Options of a store; {@link #open()} validates them. Not thread-safe. */
    public static final class Builder {
        private final Path dir;
        private long initialMapSize = 64L << 20;
        private long maxMapSize = 1L << 40;
        private int maxBatch = 1024;
        private int queueCapacity = 4096;
        private int readerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int readerQueue = 100_000;
        private EventLimits limits = EventLimits.DEFAULTS;
        private int cachedEvents = 32_768;

        private Builder(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
        }

        /**
         * The map size to start with (default 64 MiB); it doubles when full.
         *
         * @param bytes at least 1 MiB
         * @return this builder
         */
        public Builder initialMapSize(long bytes) {
            this.initialMapSize = bytes;
            return this;
        }

        /**
         * The largest the map may grow (default 1 TiB, virtual address space, not disk); beyond it saves
         * fail with {@link io.reactivestore.store.StoreFullException}.
         *
         * @param bytes at least the initial size
         * @return this builder
         */
        public Builder maxMapSize(long bytes) {
            this.maxMapSize = bytes;
            return this;
        }

        /**
         * Most writes per write transaction (default 1024). A transaction takes what is queued when the previous
         * one has committed, up to this, so the group grows with the load and each sync is shared by more writes.
         *
         * @param writes at least 1
         * @return this builder
         */
        public Builder maxBatch(int writes) {
            this.maxBatch = writes;
            return this;
        }

        /**
         * Most writes queued for the writer (default 4096); further writes wait without blocking a thread.
         *
         * @param writes at least 1
         * @return this builder
         */
        public Builder queueCapacity(int writes) {
            this.queueCapacity = writes;
            return this;
        }

        /**
         * Reader threads (default the number of processors, at least 2) and the most read tasks queued
         * for them (default 100 000; more fail with {@link java.util.concurrent.RejectedExecutionException}).
         *
         * @param threads at least 1
         * @param queuedTasks at least 1
         * @return this builder
         */
        public Builder readers(int threads, int queuedTasks) {
            this.readerThreads = threads;
            this.readerQueue = queuedTasks;
            return this;
        }

        /**
         * How many parsed events to keep in memory (default 32 768, rounded up to a power of two; 0: none): the
         * newest ones, by storage order. Reads of cached events skip copying and parsing them; each costs about
         * 1-3 KB of heap for typical events.
         *
         * @param events at least 0
         * @return this builder
         */
        public Builder cachedEvents(int events) {
            this.cachedEvents = events;
            return this;
        }

        /**
         * The size limits {@link LmdbEventStore#save} enforces (default {@link EventLimits#DEFAULTS}).
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(EventLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Opens the store.
         *
         * @return the store, on subscription; errors as {@link LmdbEventStore#open(Path)}, or
         *     {@link IllegalArgumentException} for invalid options
         */
        public Mono<LmdbEventStore> open() {
            return Mono.fromCallable(() -> {
                validate();
                LmdbFiles files = LmdbFiles.acquire(dir);
                try {
                    return new LmdbEventStore(this, files);
                } catch (RuntimeException e) {
                    files.close();
                    throw e;
                }
            }).subscribeOn(Schedulers.boundedElastic());
        }

        private void validate() {
            if (initialMapSize < (1L << 20)) {
                throw new IllegalArgumentException("initialMapSize: at least 1 MiB, got " + initialMapSize);
            }
            if (maxMapSize < initialMapSize) {
                throw new IllegalArgumentException("maxMapSize: at least initialMapSize, got " + maxMapSize);
            }
            if (maxBatch < 1 || queueCapacity < 1 || readerThreads < 1 || readerQueue < 1 || cachedEvents < 0) {
                throw new IllegalArgumentException("maxBatch, queueCapacity, reader threads and queue: at least 1");
            }
        }
    }
}
