package io.reactivestore.store.layered;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.store.memory.MemoryEventStore;

/** The contract over memory/memory with promotion on the second miss: when L1 fills changes, answers do not. */
class LayeredSecondMissPromotionTest extends EventStoreContract {

    @Override
    protected EventStore createStore() {
        return LayeredEventStore.builder(MemoryEventStore.create(), MemoryEventStore.create())
                .maxEvents(1000)
                .promoteOnSecondMiss(true)
                .build();
    }
}
