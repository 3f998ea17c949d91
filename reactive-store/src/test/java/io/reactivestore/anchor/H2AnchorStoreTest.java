package io.reactivestore.anchor;

import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.r2dbc.R2dbcBlobStore;
import io.reactivestore.blob.r2dbc.R2dbcBlobStores;

/** The anchor contract over the SQL blob backend on H2, the map ref in its SQL cell. */
class H2AnchorStoreTest extends AnchorStoreContract {

    private R2dbcBlobStore blobs;

    @Override
    protected AnchorStore createAnchorStore() {
        blobs = R2dbcBlobStores.h2InMemory().block(TIMEOUT);
        return AnchorStores.of(blobs, blobs.anchorMapCell());
    }

    @Override
    protected void destroyStore(BlobStore store) {
        blobs.close().block(TIMEOUT);
    }
}
