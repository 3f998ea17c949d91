package io.reactivestore.blob.r2dbc;

import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.BlobStoreContract;
import org.junit.jupiter.api.Tag;

@Tag("integration")
class PostgresBlobStoreTest extends BlobStoreContract {

    @Override
    protected BlobStore createStore() {
        return SharedBlobDatabase.emptyStore(TIMEOUT);
    }

    @Override
    protected void destroyStore(BlobStore store) {
        ((R2dbcBlobStore) store).close().block(TIMEOUT);
    }
}
