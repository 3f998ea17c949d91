package io.reactivestore.blob.memory;

import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.BlobStoreContract;

class MemoryBlobStoreTest extends BlobStoreContract {

    @Override
    protected BlobStore createStore() {
        return new MemoryBlobStore();
    }
}
