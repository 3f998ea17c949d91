package io.reactivestore.store.r2dbc;

import io.reactivestore.store.EventLimits;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link io.reactivestore.store.KeyValueStore} on PostgreSQL: the same contract as the other backends. */
@Tag("integration")
class PostgresKeyValueStoreTest {

    @Test
    void putReplaceDeleteAndListInKeyOrderPerNamespace() {
        TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
        R2dbcEventStore store = R2dbcEventStore.open(db.open(), EventLimits.DEFAULTS, 100, 1000, false)
                .block(Duration.ofSeconds(30));
        try {
            io.reactivestore.store.KeyValueStoreContract.check(store.keyValues());
        } finally {
            store.close().block(Duration.ofSeconds(30));
            db.drop();
        }
    }
}
