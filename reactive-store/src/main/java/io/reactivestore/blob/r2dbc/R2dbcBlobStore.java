package io.reactivestore.blob.r2dbc;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import io.reactivestore.anchor.AnchorMapCell;
import io.reactivestore.blob.BlobNotFoundException;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.CorruptBlobException;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import io.reactivestore.internal.BlobBytes;
import io.reactivestore.internal.Hex;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.store.StoreUnavailableException;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.List;
import java.util.function.Function;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link BlobStore} in an SQL database (H2 or PostgreSQL) through the shared SQL layer: table
 * {@code blobs (ref, size)} keyed by the 32 bytes of the ref, and the bytes in table
 * {@code blob_chunks (ref, pos, content)}, chunks of {@value BlobBytes#CHUNK} bytes keyed by ref and
 * position, created by the {@code blobs} migrations.
 *
 * <p>{@link #put} runs in one transaction on one connection for the whole upload: it re-cuts the
 * stream into chunks and inserts each under a random staging key as it fills (one chunk in flight, one
 * partly filled), then inserts the {@code blobs} row unless the ref exists and moves the chunks to the
 * ref; the commit (durable before the put completes) makes the blob visible at once. A failure, a
 * cancel or a blob already stored rolls the transaction back, so nothing else remains.
 * {@link PutResult#added()} is whether it inserted. A read finds the chunk holding its first byte and
 * fetches {@value #READ_PAGE} chunks per query as demand arrives. {@link #listRefs} reads pages of {@value #PAGE} refs
 * in key order ({@code WHERE ref > last ORDER BY ref LIMIT n}), one page at a time as demand arrives, so
 * memory holds at most one page. Threading as the database: PostgreSQL on its driver threads, H2 on its
 * own bounded scheduler. Errors: {@link io.reactivestore.store.StoreUnavailableException} when the database
 * cannot be reached, {@link CorruptBlobException} for stored bytes that do not hash to their ref.
 *
 * <p>{@link #anchorMapCell()} keeps an anchor map ref in the same database (table {@code blob_anchor_map}),
 * so {@code AnchorStores.of(store, store.anchorMapCell())} is an anchor store in SQL.
 */
public final class R2dbcBlobStore implements BlobStore {

    static final int PAGE = 500;

    /** How many chunks a read fetches per query: its memory window (8 x 64 KiB). */
    static final int READ_PAGE = 8;


    private static final String COMPONENT = "blobs";

    private final SqlDatabase db;
    private final String insert;

    private R2dbcBlobStore(SqlDatabase db) {
        this.db = db;
        this.insert = db.dialect().insertIgnoringDuplicate("blobs", List.of("ref", "size"), List.of("ref"), 1);
    }

    /** Applies the blob migrations to {@code db}, then hands out the store; on failure {@code db} is closed. */
    static Mono<R2dbcBlobStore> open(SqlDatabase db) {
        Objects.requireNonNull(db, "db");
        db.unavailableAs(StoreUnavailableException.class, StoreUnavailableException::new);
        return db.migrate(COMPONENT)
                .thenReturn(new R2dbcBlobStore(db))
                .onErrorResume(e -> db.close().onErrorResume(x -> Mono.empty()).then(Mono.error(e)));
    }

    @Override
    public Mono<PutResult> put(Publisher<ByteBuffer> content, @Nullable Ref expected) {
        Objects.requireNonNull(content, "content");
        return Mono.defer(() -> {
            BlobBytes.Sha256 hash = new BlobBytes.Sha256();
            Ref[] finished = new Ref[1];
            byte[] staging = new byte[32];
            ThreadLocalRandom.current().nextBytes(staging); // not SecureRandom: it may read /dev/urandom here
            return db.inTransaction(c -> {
                        long[] pos = {0};
                        return BlobBytes.rechunk(Flux.from(content).doOnNext(hash::update), BlobBytes.CHUNK)
                                .concatMap(chunk -> {
                                    long at = pos[0];
                                    pos[0] += chunk.length;
                                    return rowsUpdated(c.createStatement(
                                                    "INSERT INTO blob_chunks (ref, pos, content) VALUES ($1, $2, $3)")
                                            .bind(0, staging).bind(1, at).bind(2, chunk));
                                }, 1)
                                .then(Mono.defer(() -> {
                                    Ref ref = hash.finish(expected);
                                    finished[0] = ref;
                                    byte[] key = Hex.decode(ref.hex());
                                    return rowsUpdated(c.createStatement(insert).bind(0, key).bind(1, hash.size()))
                                            .onErrorMap(db.dialect()::isUniqueViolation, e -> new AlreadyStored())
                                            .flatMap(inserted -> inserted == 0
                                                    ? Mono.error(new AlreadyStored())
                                                    : rowsUpdated(c.createStatement(
                                                                    "UPDATE blob_chunks SET ref = $1 WHERE ref = $2")
                                                            .bind(0, key).bind(1, staging))
                                                            .thenReturn(new PutResult(ref, true)));
                                }));
                    })
                    .last() // on completion: after the commit is durable
                    .onErrorResume(AlreadyStored.class, e -> Mono.just(new PutResult(finished[0], false)));
        });
    }

    @Override
    public Flux<ByteBuffer> read(Ref ref, long offset, long length) {
        Objects.requireNonNull(ref, "ref");
        BlobBytes.checkRange(offset, length);
        byte[] key = Hex.decode(ref.hex());
        return size(ref).flatMapMany(size -> {
            long start = Math.min(offset, size);
            long end = BlobBytes.end(offset, length, size);
            if (start >= end) {
                return Flux.<ByteBuffer>empty();
            }
            Mono<List<Chunk>> first = chunks(c -> c.createStatement("SELECT pos, content FROM blob_chunks"
                            + " WHERE ref = $1 AND pos <= $2 ORDER BY pos DESC LIMIT 1")
                    .bind(0, key).bind(1, start));
            return first.expand(page -> {
                        long last = page.isEmpty() ? end : page.get(page.size() - 1).pos();
                        return page.isEmpty() || last + page.get(page.size() - 1).content().length >= end
                                ? Mono.empty()
                                : chunks(c -> c.createStatement("SELECT pos, content FROM blob_chunks"
                                                + " WHERE ref = $1 AND pos > $2 AND pos < $3 ORDER BY pos LIMIT "
                                                + READ_PAGE)
                                        .bind(0, key).bind(1, last).bind(2, end));
                    })
                    .concatMapIterable(page -> page, 1)
                    .map(chunk -> chunk.slice(start, end))
                    .filter(ByteBuffer::hasRemaining);
        });
    }

    @Override
    public Mono<Long> size(Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return db.withConnection(c -> Flux.from(c.createStatement("SELECT size FROM blobs WHERE ref = $1")
                                .bind(0, Hex.decode(ref.hex()))
                                .execute())
                        .concatMap(r -> r.map((row, meta) -> row.get(0, Long.class))))
                .next()
                .switchIfEmpty(Mono.error(() -> new BlobNotFoundException(ref)));
    }

    @Override
    public Mono<Boolean> delete(Ref ref) {
        Objects.requireNonNull(ref, "ref");
        byte[] key = Hex.decode(ref.hex());
        return db.inTransaction(c -> rowsUpdated(c.createStatement("DELETE FROM blobs WHERE ref = $1").bind(0, key))
                        .flatMap(n -> rowsUpdated(c.createStatement("DELETE FROM blob_chunks WHERE ref = $1")
                                .bind(0, key)).thenReturn(n > 0)))
                .last();
    }

    private Mono<List<Chunk>> chunks(Function<Connection, Statement> query) {
        return db.withConnection(c -> Flux.from(query.apply(c).execute())
                        .concatMap(r -> r.map((row, meta) -> new Chunk(row.get(0, Long.class), row.get(1, byte[].class)))))
                .collectList();
    }

    /** One stored chunk: its first byte's position in the blob and its bytes. */
    private record Chunk(long pos, byte[] content) {

        /** The part of this chunk within {@code [start, end)}, as a read-only view. */
        ByteBuffer slice(long start, long end) {
            int from = (int) Math.max(0, start - pos);
            int to = (int) Math.max(from, Math.min(content.length, end - pos));
            return ByteBuffer.wrap(content, from, to - from).slice().asReadOnlyBuffer();
        }
    }

    /** The blob was stored already: the transaction rolls back its staged chunks. */
    private static final class AlreadyStored extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyStored() {
            super(null, null, false, false);
        }
    }

    @Override
    public Flux<Ref> listRefs(@Nullable Ref start) {
        return page(start).collectList()
                .expand(refs -> refs.size() < PAGE ? Mono.empty() : page(refs.get(refs.size() - 1)).collectList())
                .concatMapIterable(refs -> refs);
    }

    private Flux<Ref> page(@Nullable Ref after) {
        return db.withConnection(c -> Flux.from(pageQuery(c, after).execute())
                .concatMap(r -> r.map((row, meta) -> new Ref(Hex.encode(row.get(0, byte[].class))))));
    }

    private static Statement pageQuery(Connection c, @Nullable Ref after) {
        if (after == null) {
            return c.createStatement("SELECT ref FROM blobs ORDER BY ref LIMIT " + PAGE);
        }
        return c.createStatement("SELECT ref FROM blobs WHERE ref > $1 ORDER BY ref LIMIT " + PAGE)
                .bind(0, Hex.decode(after.hex()));
    }

    /** {@return the anchor map ref cell in this database; see the class description} */
    public AnchorMapCell anchorMapCell() {
        return new SqlAnchorMapCell(db);
    }

    /**
     * Closes the database handle (its pool, and for H2 its scheduler).
     *
     * @return completes when done, or errors
     */
    public Mono<Void> close() {
        return db.close();
    }

    static Mono<Long> rowsUpdated(Statement statement) {
        return Flux.from(statement.execute()).concatMap(r -> r.getRowsUpdated()).reduce(0L, Long::sum);
    }
}
