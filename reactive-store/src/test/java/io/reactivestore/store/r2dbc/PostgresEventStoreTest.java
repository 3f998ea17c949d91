package io.reactivestore.store.r2dbc;

import io.reactivestore.store.EventLimits;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.testing.TestDatabases;

class PostgresEventStoreTest extends EventStoreContract {

    @Override
    protected EventStore createStore() {
        return R2dbcEventStore.open(TestDatabases.postgres(), EventLimits.DEFAULTS, 100, 1000, false).block(TIMEOUT);
    }
}
