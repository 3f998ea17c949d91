package io.reactivestore.anchor;

class MemoryAnchorStoreTest extends AnchorStoreContract {

    @Override
    protected AnchorStore createAnchorStore() {
        return AnchorStores.inMemory();
    }
}
