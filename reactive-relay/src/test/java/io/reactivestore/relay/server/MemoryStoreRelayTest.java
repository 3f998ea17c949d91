package io.reactivestore.relay.server;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;

/** The relay scenario on the in-memory store. */
class MemoryStoreRelayTest extends StoreRelayScenario {

    @Override
    protected EventStore createStore() {
        return MemoryEventStore.create();
    }
}
