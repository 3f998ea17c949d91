package io.reactivestore.store.lmdb;

import io.reactivestore.event.Event;
import io.reactivestore.event.NostrJson;
import io.reactivestore.store.StoreClosedException;
import io.reactivestore.store.StoreFullException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * The LMDB environment of one store and its named databases, on a byte-array buffer proxy
 * ({@link RetainingByteArrayProxy}: keys and values are copied in and out of the map; unlike lmdbjava's default
 * proxy it needs no {@code --add-opens} on Java 17+).
 *
 * <p><b>Transactions and the map size.</b> LMDB allows changing the map size only while no transaction
 * of the process is open. Every read runs inside {@link #read}, holding the shared side of a
 * read-write lock for one short transaction; {@link #grow()} takes the exclusive side. Write
 * transactions are opened only by the store's single writer thread, which is also the only caller of
 * {@link #grow()}. The environment is opened with {@code MDB_NOTLS}, so read transactions are not tied to
 * a thread's reader slot.
 */
final class LmdbEnv implements AutoCloseable {

    final Env<byte[]> env;
    /** seq -> the event's exact JSON bytes. */
    final Dbi<byte[]> events;
    /** id (32 bytes) -> seq. */
    final Dbi<byte[]> ids;
    /** sort key -> empty. */
    final Dbi<byte[]> byTime;
    /** kind (2 bytes) + sort key -> empty. */
    final Dbi<byte[]> byKind;
    /** pubkey + kind + sort key -> empty; also serves author filters without kinds ({@link LmdbLayout}). */
    final Dbi<byte[]> byAuthorKind;
    /** tag letter + 16-byte value hash + sort key -> empty. */
    final Dbi<byte[]> byTag;
    /** SHA-256 of the replaceable address -> seq of its current version. */
    final Dbi<byte[]> addresses;
    /** id + author (zeros: any author) -> empty. */
    final Dbi<byte[]> tombstones;
    /** expiration time + seq -> empty. */
    final Dbi<byte[]> expirations;
    /** UTF-8 of namespace + U+0000 + key -> UTF-8 value ({@code KeyValueStore}; not part of {@link #all()}). */
    final Dbi<byte[]> keyValues;

    /** Parsed events by sequence number. */
    final EventCache cache;

    /** Idle read transactions kept for reuse. */
    static final int IDLE_READ_TXNS = 8;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Reset read transactions ready for reuse; {@link #idleReadCount} counts them (and those being returned). */
    private final ConcurrentLinkedQueue<ReadTxn> idleReads = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleReadCount = new AtomicInteger();
    private final long maxMapSize;
    private final String name;
    private volatile long mapSize;
    private boolean closed;

    LmdbEnv(String name, java.io.File dir, long initialMapSize, long maxMapSize, int maxReaders, int cachedEvents) {
        this.name = name;
        this.cache = new EventCache(cachedEvents);
        this.maxMapSize = maxMapSize;
        NativeLmdb.load();
        this.env = Env.create(RetainingByteArrayProxy.INSTANCE)
                .setMapSize(initialMapSize)
                .setMaxDbs(16)
                .setMaxReaders(maxReaders)
                .open(dir, EnvFlags.MDB_NOTLS, EnvFlags.MDB_NOMETASYNC);
        // an existing file may be larger than the configured start: LMDB adopts the larger size
        this.mapSize = Math.max(initialMapSize, env.info().mapSize);
        try {
            LmdbLayout.upgrade(env, dir.getPath());
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
        this.events = env.openDbi("events", DbiFlags.MDB_CREATE);
        this.ids = env.openDbi("ids", DbiFlags.MDB_CREATE);
        this.byTime = env.openDbi("by_time", DbiFlags.MDB_CREATE);
        this.byKind = env.openDbi("by_kind", DbiFlags.MDB_CREATE);
        this.byAuthorKind = env.openDbi("by_author_kind", DbiFlags.MDB_CREATE);
        this.byTag = env.openDbi("by_tag", DbiFlags.MDB_CREATE);
        this.addresses = env.openDbi("addresses", DbiFlags.MDB_CREATE);
        this.tombstones = env.openDbi("tombstones", DbiFlags.MDB_CREATE);
        this.expirations = env.openDbi("expirations", DbiFlags.MDB_CREATE);
        this.keyValues = env.openDbi("key_values", DbiFlags.MDB_CREATE);
    }

    /** Every named database of events, for {@code nuke} (the key-values stay). */
    List<Dbi<byte[]>> all() {
        return List.of(events, ids, byTime, byKind, byAuthorKind, byTag, addresses, tombstones, expirations);
    }

    /**
     * Runs {@code work} in one read transaction, reset (leaving its snapshot) before this returns. The transaction
     * and its cursors are reused from a pool ({@link ReadTxn}) of at most {@value #IDLE_READ_TXNS} idle ones, each
     * holding one reader slot; concurrent reads beyond that open and close their own.
     *
     * @throws StoreClosedException if the environment is closed
     */
    <T> T read(Function<ReadTxn, T> work) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new StoreClosedException(name);
            }
            ReadTxn rt = idleReads.poll();
            if (rt == null) {
                rt = new ReadTxn(env);
            } else {
                idleReadCount.decrementAndGet();
                rt.renew(); // if this fails, the transaction is dropped
            }
            try {
                return work.apply(rt);
            } finally {
                rt.release(); // if this fails, the transaction is dropped
                if (idleReadCount.incrementAndGet() <= IDLE_READ_TXNS) {
                    idleReads.add(rt);
                } else {
                    idleReadCount.decrementAndGet();
                    rt.close();
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The event stored under {@code seqKey} in {@code txn}: from the cache, else parsed (and cached); null if none. */
    @Nullable Event load(Txn<byte[]> txn, byte[] seqKey) {
        return load(txn, Keys.getLong(seqKey, 0));
    }

    /** The event stored under {@code seq} in {@code txn}: from the cache, else parsed (and cached); null if none. */
    @Nullable Event load(Txn<byte[]> txn, long seq) {
        Event cached = cache.get(seq);
        if (cached != null) {
            return cached;
        }
        byte[] json = events.get(txn, Keys.seq(seq));
        if (json == null) {
            return null;
        }
        Event e = NostrJson.parseStoredEvent(json);
        cache.put(seq, e);
        return e;
    }

    /**
     * The bytes of the pages the named databases use now (branch, leaf and overflow pages times the page size),
     * in one read transaction: live data, which falls as events are deleted, while the file keeps its high-water
     * mark and reuses the freed pages.
     *
     * @throws StoreClosedException if the environment is closed
     */
    long liveBytes() {
        return read(rt -> {
            long bytes = 0;
            for (Dbi<byte[]> dbi : all()) {
                org.lmdbjava.Stat stat = dbi.stat(rt.txn);
                bytes += (stat.branchPages + stat.leafPages + stat.overflowPages) * stat.pageSize;
            }
            return bytes;
        });
    }

    /**
     * Forces the file to the device ({@code fdatasync}): every committed batch, its meta page included, is durable
     * once this returns. Safe on any thread, concurrently with a write transaction.
     *
     * @throws StoreClosedException if the environment is closed
     */
    void force() {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new StoreClosedException(name);
            }
            env.sync(true);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The sequence number the next stored event gets: one more than the highest stored. */
    long nextSeq() {
        return read(rt -> {
            Cursor<byte[]> c = rt.cursor(events);
            return c.last() ? Keys.getLong(c.key(), 0) + 1 : 1L;
        });
    }

    /**
     * Doubles the map size, up to the maximum; called by the writer with no write transaction open.
     *
     * @throws StoreFullException if the map already has its maximum size
     */
    void grow() {
        if (mapSize >= maxMapSize) {
            throw new StoreFullException("LMDB store reached its maximum map size of " + maxMapSize + " bytes");
        }
        long next = Math.min(maxMapSize, mapSize * 2);
        lock.writeLock().lock();
        try {
            env.setMapSize(next);
            mapSize = next;
        } finally {
            lock.writeLock().unlock();
        }
    }

    long mapSize() {
        return mapSize;
    }

    /** Closes the environment once no read transaction is open. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            ReadTxn rt;
            while ((rt = idleReads.poll()) != null) {
                rt.close();
            }
            env.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
