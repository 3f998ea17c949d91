package io.reactivestore.spring.autoconfigure;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.StoreClosedException;
import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.test.StepVerifier;

/** {@link ReactiveStoreAutoConfiguration}: one store type or condition per test. */
@Tag("integration")
class ReactiveStoreAutoConfigurationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReactiveStoreAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void memoryTypeGivesAnInMemoryStore() {
        runner.withPropertyValues("reactive-store.type=memory").run(context -> {
            assertThat(context).getBean(EventStore.class).isInstanceOf(MemoryEventStore.class);
            roundTrip(context.getBean(EventStore.class));
        });
    }

    @Test
    void embeddedIsTheDefaultTypeAndKeepsAnLmdbStoreInTheDirectory() {
        runner.withPropertyValues("reactive-store.directory=" + dir).run(context -> {
            assertThat(context).getBean(EventStore.class).isInstanceOf(LmdbEventStore.class);
            roundTrip(context.getBean(EventStore.class));
            assertThat(dir.resolve("data.mdb")).isRegularFile();
        });
    }

    @Test
    void h2TypeKeepsAnH2FileInTheDirectory() {
        Path h2 = dir.resolve("h2");
        runner.withPropertyValues("reactive-store.type=h2", "reactive-store.directory=" + h2).run(context -> {
            assertThat(context.getBean(EventStore.class).toString()).contains("h2:");
            roundTrip(context.getBean(EventStore.class));
            assertThat(h2.resolve("events.mv.db")).isRegularFile();
        });
    }

    @Test
    void postgresqlTypeWithAHostConnectsToThatServer() {
        TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
        try {
            runner.withPropertyValues("reactive-store.type=postgresql",
                    "reactive-store.postgresql.host=" + db.host(),
                    "reactive-store.postgresql.port=" + db.port(),
                    "reactive-store.postgresql.database=" + db.database(),
                    "reactive-store.postgresql.username=" + db.user(),
                    "reactive-store.max-connections=2").run(context -> {
                        assertThat(context.getBean(EventStore.class).toString()).contains("postgresql://");
                        roundTrip(context.getBean(EventStore.class));
                    });
        } finally {
            db.drop();
        }
    }

    @Test
    void postgresqlTypeWithoutAHostUsesTheApplicationsConnectionFactoryAndLeavesItOpen() {
        TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(
                new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                        .host(db.host()).port(db.port()).database(db.database())
                        .username(db.user()).password(db.password()).build())).maxSize(3).build());
        try {
            runner.withPropertyValues("reactive-store.type=postgresql")
                    .withBean(ConnectionFactory.class, () -> pool, bd -> bd.setDestroyMethodName(""))
                    .run(context -> {
                        assertThat(context.getBean(EventStore.class).toString()).contains("r2dbc:PostgreSQL");
                        roundTrip(context.getBean(EventStore.class));
                    });
            assertThat(pool.isDisposed()).isFalse();
        } finally {
            pool.disposeLater().block(TIMEOUT);
            db.drop();
        }
    }

    @Test
    void postgresqlTypeWithoutAHostUsesTheConnectionFactorySpringBootConfiguresFromSpringR2dbcUrl() {
        TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
        try {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class,
                            ReactiveStoreAutoConfiguration.class))
                    .withPropertyValues("reactive-store.type=postgresql",
                            "spring.r2dbc.url=r2dbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.database(),
                            "spring.r2dbc.username=" + db.user())
                    .run(context -> {
                        assertThat(context.getBean(ConnectionFactory.class)).isInstanceOf(ConnectionPool.class);
                        assertThat(context.getBean(EventStore.class).toString()).contains("r2dbc:PostgreSQL");
                        roundTrip(context.getBean(EventStore.class));
                    });
        } finally {
            db.drop();
        }
    }

    @Test
    void postgresqlTypeWithNeitherAHostNorAConnectionFactoryFailsWithAMessageSayingWhatIsMissing() {
        runner.withPropertyValues("reactive-store.type=postgresql").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("reactive-store.postgresql.host")
                .hasMessageContaining("ConnectionFactory"));
    }

    @Test
    void theApplicationsOwnEventStoreWins() {
        MemoryEventStore own = MemoryEventStore.create();
        runner.withPropertyValues("reactive-store.directory=" + dir)
                .withBean("ownStore", EventStore.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(EventStore.class);
                    assertThat(context.getBean(EventStore.class)).isSameAs(own);
                    assertThat(context).doesNotHaveBean(ManagedResource.class);
                });
        assertThat(Files.exists(dir.resolve("events.mv.db"))).isFalse();
    }

    @Test
    void closingTheContextClosesTheStore() {
        EventStore[] opened = new EventStore[1];
        runner.withPropertyValues("reactive-store.directory=" + dir)
                .run(context -> opened[0] = context.getBean(EventStore.class));
        StepVerifier.create(opened[0].save(note(ALICE, 100, "after close")))
                .expectError(StoreClosedException.class).verify(TIMEOUT);
    }

    private static void roundTrip(EventStore store) {
        Event e = note(ALICE, 100, "auto-configured");
        StepVerifier.create(store.save(e)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.query(Filter.builder().ids(e.id()).build())).expectNext(e).expectComplete()
                .verify(TIMEOUT);
    }
}
