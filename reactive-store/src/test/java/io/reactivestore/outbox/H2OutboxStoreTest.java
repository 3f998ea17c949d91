package io.reactivestore.outbox;

import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.testing.TestDatabases;

/** The outbox contract on H2 in memory. */
class H2OutboxStoreTest extends SqlOutboxStoreContract {

    @Override
    protected SqlDatabase[] freshDatabase() {
        String name = TestDatabases.uniqueName("outbox");
        return new SqlDatabase[] {SqlDatabase.h2InMemory(name, 4, true), SqlDatabase.h2InMemory(name, 2, false)};
    }
}
