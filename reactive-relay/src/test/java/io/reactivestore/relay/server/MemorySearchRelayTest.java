package io.reactivestore.relay.server;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;

/** NIP-50 search through the relay on the in-memory store. */
class MemorySearchRelayTest extends SearchRelayScenario {

    @Override
    protected EventStore createStore() {
        return MemoryEventStore.create();
    }
}
