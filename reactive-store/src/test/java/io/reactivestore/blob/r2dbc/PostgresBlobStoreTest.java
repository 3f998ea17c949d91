package io.reactivestore.blob.r2dbc;

import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.BlobStoreContract;
import io.reactivestore.testing.TestDatabases;

class PostgresBlobStoreTest extends BlobStoreContract {

    @Override
    protected BlobStore createStore() {
        return R2dbcBlobStore.open(TestDatabases.postgres()).block(TIMEOUT);
    }

    @Override
    protected void destroyStore(BlobStore store) {
        ((R2dbcBlobStore) store).close().block(TIMEOUT);
    }
}
