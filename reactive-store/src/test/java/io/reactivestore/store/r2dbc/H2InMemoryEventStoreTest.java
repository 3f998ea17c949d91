package io.reactivestore.store.r2dbc;

import io.reactivestore.store.EventLimits;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.testing.TestDatabases;

class H2InMemoryEventStoreTest extends EventStoreContract {

    @Override
    protected EventStore createStore() {
        return R2dbcEventStore.open(TestDatabases.h2InMemory(), EventLimits.DEFAULTS, 100, 1000, false).block(TIMEOUT);
    }
}
