package io.reactivestore.anchor;

import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.r2dbc.R2dbcBlobStore;
import io.reactivestore.blob.r2dbc.SharedBlobDatabase;
import org.junit.jupiter.api.Tag;

/** The anchor contract over the SQL blob backend on embedded PostgreSQL, the map ref in its SQL cell. */
@Tag("integration")
class PostgresAnchorStoreTest extends AnchorStoreContract {

    private R2dbcBlobStore blobs;

    @Override
    protected AnchorStore createAnchorStore() {
        blobs = SharedBlobDatabase.emptyStore(TIMEOUT);
        return AnchorStores.of(blobs, blobs.anchorMapCell());
    }

    @Override
    protected void destroyStore(BlobStore store) {
        blobs.close().block(TIMEOUT);
    }
}
