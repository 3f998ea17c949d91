package io.reactivestore.relay.management;

import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.testing.TestDatabases;
import org.junit.jupiter.api.Tag;

/** NIP-86 on PostgreSQL (embedded), its state in table {@code store_kv} of the events' database. */
@Tag("integration")
class PostgresManagementTest extends ManagementScenario {

    private TestDatabases.PostgresDatabase database;

    @Override
    protected Stores createStores() {
        database = TestDatabases.freshPostgres();
        R2dbcEventStore store = R2dbcEventStores.postgres(database.host(), database.port(), database.database(),
                database.user(), database.password()).block(WAIT);
        return new Stores(store, store.keyValues());
    }

    @Override
    protected void cleanup() {
        if (database != null) {
            database.drop();
        }
    }
}
