package io.reactivestore.blob.r2dbc;

import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * One PostgreSQL database for all blob and anchor tests of a JVM, emptied before each test, so that
 * the shared embedded server does not collect one database per test.
 */
public final class SharedBlobDatabase {

    private static final TestDatabases.PostgresDatabase DATABASE = TestDatabases.freshPostgres();

    private SharedBlobDatabase() {
    }

    /** A new store on the shared database, which holds no blob and no anchor map ref. */
    public static R2dbcBlobStore emptyStore(Duration timeout) {
        R2dbcBlobStore store = R2dbcBlobStore.open(DATABASE.open()).block(timeout);
        SqlDatabase cleaner = DATABASE.open();
        try {
            cleaner.withConnection(c -> Flux.from(c.createStatement("DELETE FROM blobs").execute())
                            .concatMap(r -> r.getRowsUpdated())
                            .thenMany(Flux.from(c.createStatement("DELETE FROM blob_chunks").execute()))
                            .concatMap(r -> r.getRowsUpdated())
                            .thenMany(Flux.from(c.createStatement("DELETE FROM blob_anchor_map").execute()))
                            .concatMap(r -> r.getRowsUpdated()))
                    .then()
                    .block(timeout);
        } finally {
            cleaner.close().block(timeout);
        }
        return store;
    }
}
