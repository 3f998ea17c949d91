package io.reactivestore.relay.server;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;

/** The relay scenario on the H2 store (in memory). */
class H2StoreRelayTest extends StoreRelayScenario {

    @Override
    protected EventStore createStore() {
        return R2dbcEventStores.h2InMemory().block(RawClient.WAIT);
    }
}
