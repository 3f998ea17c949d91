package io.reactivestore.blob.r2dbc;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import io.reactivestore.anchor.AnchorMapCell;
import io.reactivestore.blob.Blob;
import io.reactivestore.blob.BlobNotFoundException;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.CorruptBlobException;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import io.reactivestore.internal.Hex;
import io.reactivestore.internal.sql.SqlDatabase;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link BlobStore} in an SQL database (H2 or PostgreSQL) through the shared SQL layer: table
 * {@code blobs (ref, content)} keyed by the 32 bytes of the ref, created by the {@code blobs} migrations.
 *
 * <p>{@link #put} is one statement that inserts unless the ref exists (committed before it completes);
 * {@link PutResult#added()} is whether it inserted. {@link #listRefs} reads pages of {@value #PAGE} refs
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

    private static final String COMPONENT = "blobs";

    private final SqlDatabase db;
    private final String insert;

    private R2dbcBlobStore(SqlDatabase db) {
        this.db = db;
        this.insert = db.dialect().insertIgnoringDuplicate("blobs", List.of("ref", "content"), List.of("ref"), 1);
    }

    /** Applies the blob migrations to {@code db}, then hands out the store; on failure {@code db} is closed. */
    static Mono<R2dbcBlobStore> open(SqlDatabase db) {
        Objects.requireNonNull(db, "db");
        return db.migrate(COMPONENT)
                .thenReturn(new R2dbcBlobStore(db))
                .onErrorResume(e -> db.close().onErrorResume(x -> Mono.empty()).then(Mono.error(e)));
    }

    @Override
    public Mono<PutResult> put(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return Mono.defer(() -> {
            byte[] copy = bytes.clone();
            Ref ref = Ref.of(copy);
            return db.withConnectionDurable(c -> rowsUpdated(c.createStatement(insert)
                            .bind(0, Hex.decode(ref.hex()))
                            .bind(1, copy)))
                    .last() // on completion: after the commit is durable
                    .map(inserted -> new PutResult(ref, inserted > 0))
                    .onErrorResume(db.dialect()::isUniqueViolation, e -> Mono.just(new PutResult(ref, false)));
        });
    }

    @Override
    public Mono<Blob> get(Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return db.withConnection(c -> Flux.from(c.createStatement("SELECT content FROM blobs WHERE ref = $1")
                                .bind(0, Hex.decode(ref.hex()))
                                .execute())
                        .concatMap(r -> r.map((row, meta) -> row.get(0, byte[].class))))
                .next()
                .switchIfEmpty(Mono.error(() -> new BlobNotFoundException(ref)))
                .map(bytes -> {
                    try {
                        return new Blob(ref, bytes);
                    } catch (IllegalArgumentException e) {
                        throw new CorruptBlobException(ref);
                    }
                });
    }

    @Override
    public Flux<Ref> listRefs(Ref start) {
        return page(start).collectList()
                .expand(refs -> refs.size() < PAGE ? Mono.empty() : page(refs.get(refs.size() - 1)).collectList())
                .concatMapIterable(refs -> refs);
    }

    private Flux<Ref> page(Ref after) {
        return db.withConnection(c -> Flux.from(pageQuery(c, after).execute())
                .concatMap(r -> r.map((row, meta) -> new Ref(Hex.encode(row.get(0, byte[].class))))));
    }

    private static Statement pageQuery(Connection c, Ref after) {
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
