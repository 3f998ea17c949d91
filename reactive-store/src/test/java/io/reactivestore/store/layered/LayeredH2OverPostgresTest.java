package io.reactivestore.store.layered;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.testing.PostgresDatabasesPerTest;
import io.reactivestore.testing.TestDatabases;
import org.junit.jupiter.api.Tag;

/** The contract over an H2 (in memory) L1 and an embedded PostgreSQL L2. */
@Tag("integration")
class LayeredH2OverPostgresTest extends EventStoreContract {

    private final PostgresDatabasesPerTest databases = new PostgresDatabasesPerTest();

    @Override
    protected EventStore createStore() {
        TestDatabases.PostgresDatabase db = databases.migrated();
        EventStore l2 = R2dbcEventStores.postgres(db.host(), db.port(), db.database(), db.user(), db.password())
                .block(TIMEOUT);
        EventStore l1 = R2dbcEventStores.h2InMemory().block(TIMEOUT);
        return LayeredEventStore.builder(l1, l2).maxBytes(1 << 20).build();
    }

    @Override
    protected void cleanup() {
        databases.dropAll();
    }
}
