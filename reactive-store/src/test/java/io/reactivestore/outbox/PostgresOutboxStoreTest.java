package io.reactivestore.outbox;

import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.testing.TestDatabases;
import org.junit.jupiter.api.Tag;

/** The outbox contract on the embedded PostgreSQL, a fresh database per test. */
@Tag("integration")
class PostgresOutboxStoreTest extends SqlOutboxStoreContract {

    @Override
    protected SqlDatabase[] freshDatabase() {
        TestDatabases.PostgresDatabase database = TestDatabases.freshPostgres();
        return new SqlDatabase[] {database.open(), database.open()};
    }
}
