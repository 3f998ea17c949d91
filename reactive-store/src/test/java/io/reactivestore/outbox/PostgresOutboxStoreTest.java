package io.reactivestore.outbox;

import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.testing.TestDatabases;
import org.junit.jupiter.api.Tag;

/** The outbox contract on the embedded PostgreSQL, a new database per test (schema already migrated). */
@Tag("integration")
class PostgresOutboxStoreTest extends SqlOutboxStoreContract {

    @Override
    protected SqlDatabase[] freshDatabase() {
        TestDatabases.PostgresDatabase database = TestDatabases.migratedPostgres();
        return new SqlDatabase[] {database.open(), database.open()};
    }
}
