package io.reactivestore.store.layered;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.testing.PostgresDatabasesPerTest;
import io.reactivestore.testing.TestDatabases;
import org.junit.jupiter.api.Tag;

/** The contract over an in-memory L1 and an embedded PostgreSQL L2. */
@Tag("integration")
class LayeredMemoryOverPostgresTest extends EventStoreContract {

    private final PostgresDatabasesPerTest databases = new PostgresDatabasesPerTest();

    @Override
    protected EventStore createStore() {
        TestDatabases.PostgresDatabase db = databases.migrated();
        EventStore l2 = R2dbcEventStores.postgres(db.host(), db.port(), db.database(), db.user(), db.password())
                .block(TIMEOUT);
        return LayeredEventStore.builder(MemoryEventStore.create(), l2).maxEvents(1000).build();
    }

    @Override
    protected void cleanup() {
        databases.dropAll();
    }
}
