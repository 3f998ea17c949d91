package io.reactivestore.replica;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.store.memory.MemoryEventStore;
import java.util.List;

/** A replica of memory event stores (two synchronous, one asynchronous) passes the event store contract. */
class ReplicaEventStoreContractTest extends EventStoreContract {

    @Override
    protected EventStore createStore() {
        return new ReplicaEventStore(List.of(MemoryEventStore.create(), MemoryEventStore.create()),
                List.of(MemoryEventStore.create()), 8);
    }
}
