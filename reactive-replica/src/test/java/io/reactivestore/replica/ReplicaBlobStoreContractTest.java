package io.reactivestore.replica;

import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.BlobStoreContract;
import io.reactivestore.blob.fs.FileBlobStore;
import io.reactivestore.blob.memory.MemoryBlobStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** A replica of a memory and a file store, with two asynchronous members, passes the blob contract. */
class ReplicaBlobStoreContractTest extends BlobStoreContract {

    @TempDir
    Path dir;

    @Override
    protected BlobStore createStore() {
        return new ReplicaBlobStore(List.of(new MemoryBlobStore(), new FileBlobStore(dir)),
                List.of(new MemoryBlobStore(), new MemoryBlobStore()), 4);
    }

    @Override
    protected void destroyStore(BlobStore store) {
        ((ReplicaBlobStore) store).close().block(TIMEOUT);
    }
}
