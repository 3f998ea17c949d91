package io.reactivestore.relay.server;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.Tag;

/** The relay scenario on PostgreSQL (embedded, a fresh database). */
@Tag("integration")
class PostgresStoreRelayTest extends StoreRelayScenario {

    private TestDatabases.PostgresDatabase db;

    @Override
    protected EventStore createStore() {
        db = TestDatabases.freshPostgres();
        // opening applies the migrations: slow on a loaded machine
        return R2dbcEventStores.postgres(db.host(), db.port(), db.database(), db.user(), db.password())
                .block(Duration.ofSeconds(120));
    }

    @Override
    protected void cleanup() {
        if (db != null) {
            db.drop();
        }
    }
}
