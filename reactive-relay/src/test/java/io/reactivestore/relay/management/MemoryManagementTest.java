package io.reactivestore.relay.management;

import io.reactivestore.store.memory.MemoryEventStore;

/** NIP-86 on the in-memory store. */
class MemoryManagementTest extends ManagementScenario {

    @Override
    protected Stores createStores() {
        MemoryEventStore store = MemoryEventStore.create();
        return new Stores(store, store.keyValues());
    }
}
