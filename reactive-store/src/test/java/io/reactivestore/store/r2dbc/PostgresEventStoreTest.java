package io.reactivestore.store.r2dbc;

import io.reactivestore.store.EventLimits;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;

@Tag("integration")
class PostgresEventStoreTest extends EventStoreContract {

    private final List<TestDatabases.PostgresDatabase> databases = new ArrayList<>();

    @Override
    protected EventStore createStore() {
        TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
        databases.add(db);
        return R2dbcEventStore.open(db.open(), EventLimits.DEFAULTS, 100, 1000, false).block(TIMEOUT);
    }

    @Override
    protected void cleanup() {
        databases.forEach(TestDatabases.PostgresDatabase::drop);
        databases.clear();
    }
}
