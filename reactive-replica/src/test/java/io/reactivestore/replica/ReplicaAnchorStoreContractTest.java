package io.reactivestore.replica;

import io.reactivestore.anchor.AnchorStore;
import io.reactivestore.anchor.AnchorStoreContract;
import io.reactivestore.anchor.AnchorStores;
import io.reactivestore.blob.BlobStore;
import java.util.List;

/** A replica of anchor stores (two synchronous, one asynchronous) passes the anchor and blob contracts. */
class ReplicaAnchorStoreContractTest extends AnchorStoreContract {

    @Override
    protected AnchorStore createAnchorStore() {
        return new ReplicaAnchorStore(List.of(AnchorStores.inMemory(), AnchorStores.inMemory()),
                List.of(AnchorStores.inMemory()), 4);
    }

    @Override
    protected void destroyStore(BlobStore store) {
        ((ReplicaAnchorStore) store).close().block(TIMEOUT);
    }
}
