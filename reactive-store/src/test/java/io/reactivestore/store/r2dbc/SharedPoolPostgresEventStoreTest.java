package io.reactivestore.store.r2dbc;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.testing.PostgresDatabasesPerTest;
import io.reactivestore.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;

/** The whole contract on a store that borrows its connections from a pool the application owns. */
@Tag("integration")
class SharedPoolPostgresEventStoreTest extends EventStoreContract {

    private final PostgresDatabasesPerTest databases = new PostgresDatabasesPerTest();
    private final List<ConnectionPool> pools = new ArrayList<>();

    @Override
    protected EventStore createStore() {
        TestDatabases.PostgresDatabase db = databases.migrated();
        ConnectionPool pool = ConnectionFactories.pool(db);
        pools.add(pool);
        return R2dbcEventStores.builder().connectionFactory(pool).maxBatch(100).queueCapacity(1000)
                .open().block(TIMEOUT);
    }

    @Override
    protected void cleanup() {
        pools.forEach(p -> p.disposeLater().block(TIMEOUT));
        pools.clear();
        databases.dropAll();
    }

    /** Connection factories as an application would configure them. */
    static final class ConnectionFactories {

        private ConnectionFactories() {
        }

        static PostgresqlConnectionFactory plain(TestDatabases.PostgresDatabase db) {
            return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                    .host(db.host()).port(db.port()).database(db.database())
                    .username(db.user()).password(db.password())
                    .build());
        }

        static ConnectionPool pool(TestDatabases.PostgresDatabase db) {
            return new ConnectionPool(ConnectionPoolConfiguration.builder(plain(db)).maxSize(4).build());
        }
    }
}
