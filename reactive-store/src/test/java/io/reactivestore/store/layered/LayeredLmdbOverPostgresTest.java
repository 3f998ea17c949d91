package io.reactivestore.store.layered;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.testing.PostgresDatabasesPerTest;
import io.reactivestore.testing.TestDatabases;
import io.reactivestore.testing.TestLmdb;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** The contract over an LMDB L1 and an embedded PostgreSQL L2. */
@Tag("integration")
class LayeredLmdbOverPostgresTest extends EventStoreContract {

    private final PostgresDatabasesPerTest databases = new PostgresDatabasesPerTest();

    @TempDir
    Path dir;

    @Override
    protected EventStore createStore() {
        TestDatabases.PostgresDatabase db = databases.migrated();
        EventStore l2 = R2dbcEventStores.postgres(db.host(), db.port(), db.database(), db.user(), db.password())
                .block(TIMEOUT);
        return LayeredEventStore.builder(TestLmdb.open(dir), l2).maxBytes(1 << 20).build();
    }

    @Override
    protected void cleanup() {
        databases.dropAll();
    }
}
