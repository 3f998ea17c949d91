package io.reactivestore.store.r2dbc;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.h2.H2ConnectionOption;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.SaveResult;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@link R2dbcEventStores.Builder#connectionFactory}: a store on a connection source the caller owns. */
@Tag("integration")
class ConnectionFactoryStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void closingTheStoreLeavesTheApplicationsPoolOpenAndUsable() {
        TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
        ConnectionPool pool = SharedPoolPostgresEventStoreTest.ConnectionFactories.pool(db);
        try {
            R2dbcEventStore store = R2dbcEventStores.builder().connectionFactory(pool).open().block(TIMEOUT);
            roundTrip(store);
            store.close().block(TIMEOUT);

            assertThat(pool.isDisposed()).isFalse();
            StepVerifier.create(Mono.usingWhen(pool.create(),
                            c -> Mono.from(c.createStatement("SELECT count(*) FROM events").execute())
                                    .flatMap(r -> Mono.from(r.map((row, m) -> row.get(0, Long.class)))),
                            Connection::close))
                    .expectNext(1L).expectComplete().verify(TIMEOUT);
        } finally {
            pool.disposeLater().block(TIMEOUT);
            db.drop();
        }
    }

    @Test
    void aFactoryThatIsNotAPoolIsPooledByTheStore() {
        TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
        try {
            R2dbcEventStore store = R2dbcEventStores.builder()
                    .connectionFactory(SharedPoolPostgresEventStoreTest.ConnectionFactories.plain(db))
                    .maxConnections(2).open().block(TIMEOUT);
            roundTrip(store);
            store.close().block(TIMEOUT);
        } finally {
            db.drop();
        }
    }

    @Test
    void anH2FactoryGetsTheH2Dialect() {
        ConnectionFactory h2 = new H2ConnectionFactory(H2ConnectionConfiguration.builder()
                .inMemory(TestDatabases.uniqueName("shared"))
                .property(H2ConnectionOption.DB_CLOSE_DELAY, "-1")
                .build());
        R2dbcEventStore store = R2dbcEventStores.builder().connectionFactory(h2).open().block(TIMEOUT);
        roundTrip(store);
        assertThat(store.toString()).contains("H2");
        store.close().block(TIMEOUT);
    }

    @Test
    void aDatabaseOtherThanPostgresqlOrH2IsRefusedWhenOpening() {
        ConnectionFactory other = new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                return Mono.error(new AssertionError("must not connect"));
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return () -> "MySQL";
            }
        };
        StepVerifier.create(R2dbcEventStores.builder().connectionFactory(other).open())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("MySQL"))
                .verify(TIMEOUT);
    }

    private static void roundTrip(R2dbcEventStore store) {
        Event e = note(ALICE, 100, "through the application's factory");
        StepVerifier.create(store.save(e)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.query(Filter.builder().ids(e.id()).build())).expectNext(e).expectComplete()
                .verify(TIMEOUT);
    }
}
