package io.reactivestore.relay.management;

import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;

/** NIP-86 on H2 (in memory), its state in table {@code store_kv}. */
class H2ManagementTest extends ManagementScenario {

    @Override
    protected Stores createStores() {
        R2dbcEventStore store = R2dbcEventStores.h2InMemory().block(WAIT);
        return new Stores(store, store.keyValues());
    }
}
