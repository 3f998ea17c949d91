package io.reactivestore.blob.r2dbc;

import io.reactivestore.anchor.AnchorMapCell;
import io.reactivestore.blob.Ref;
import io.reactivestore.internal.Hex;
import io.reactivestore.internal.sql.SqlDatabase;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An {@link AnchorMapCell} as the single row of table {@code blob_anchor_map}. Compare-and-set is one
 * statement: an insert unless the row exists (from "no map"), or an update guarded by the expected ref,
 * so the database decides atomically which of concurrent writers wins.
 */
final class SqlAnchorMapCell implements AnchorMapCell {

    private final SqlDatabase db;
    private final String insertFirst;

    SqlAnchorMapCell(SqlDatabase db) {
        this.db = db;
        this.insertFirst = db.dialect().insertIgnoringDuplicate("blob_anchor_map", List.of("lock_id", "ref"),
                List.of("lock_id"), 1);
    }

    @Override
    public Mono<Ref> current() {
        return db.withConnection(c -> Flux.from(c.createStatement("SELECT ref FROM blob_anchor_map WHERE lock_id = 1")
                                .execute())
                        .concatMap(r -> r.map((row, meta) -> new Ref(Hex.encode(row.get(0, byte[].class))))))
                .next();
    }

    @Override
    public Mono<Boolean> compareAndSet(@Nullable Ref expected, Ref next) {
        byte[] nextBytes = Hex.decode(next.hex());
        return db.withConnectionDurable(c -> expected == null
                        ? R2dbcBlobStore.rowsUpdated(c.createStatement(insertFirst).bind(0, 1).bind(1, nextBytes))
                        : R2dbcBlobStore.rowsUpdated(c.createStatement(
                                        "UPDATE blob_anchor_map SET ref = $1 WHERE lock_id = 1 AND ref = $2")
                                .bind(0, nextBytes)
                                .bind(1, Hex.decode(expected.hex()))))
                .last() // on completion: after the commit is durable
                .map(rows -> rows == 1)
                .onErrorResume(db.dialect()::isUniqueViolation, e -> Mono.just(false));
    }
}
