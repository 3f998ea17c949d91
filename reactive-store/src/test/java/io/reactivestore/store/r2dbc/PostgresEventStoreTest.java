package io.reactivestore.store.r2dbc;

import io.reactivestore.store.EventLimits;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.testing.PostgresDatabasesPerTest;
import io.reactivestore.testing.TestDatabases;
import org.junit.jupiter.api.Tag;

/**
 * The contract on PostgreSQL, each test on a new empty database that the store migrates itself (the other
 * PostgreSQL contract suites start from an already migrated copy).
 */
@Tag("integration")
class PostgresEventStoreTest extends EventStoreContract {

    private final PostgresDatabasesPerTest databases = new PostgresDatabasesPerTest();

    @Override
    protected EventStore createStore() {
        TestDatabases.PostgresDatabase db = databases.fresh();
        return R2dbcEventStore.open(db.open(), EventLimits.DEFAULTS, 100, 1000, false).block(TIMEOUT);
    }

    @Override
    protected void cleanup() {
        databases.dropAll();
    }
}
