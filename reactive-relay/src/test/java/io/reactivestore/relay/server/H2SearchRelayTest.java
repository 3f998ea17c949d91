package io.reactivestore.relay.server;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;

/** NIP-50 search through the relay on the H2 store (in memory). */
class H2SearchRelayTest extends SearchRelayScenario {

    @Override
    protected EventStore createStore() {
        return R2dbcEventStores.h2InMemory().block(RawClient.WAIT);
    }
}
