package io.reactivestore.spring.autoconfigure;

import io.r2dbc.spi.ConnectionFactory;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.util.Objects;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;

/**
 * Opens the {@link EventStore} that {@link ReactiveStoreProperties} describe: the one place where a
 * store type becomes a backend. Classes of a backend's driver are touched only when that type is chosen,
 * so a missing driver fails with a message naming its artifact, and other types still work.
 */
final class EventStoreOpener {

    private static final String H2_DRIVER = "io.r2dbc.h2.H2ConnectionFactory";
    private static final String POSTGRESQL_DRIVER = "io.r2dbc.postgresql.PostgresqlConnectionFactory";
    private static final String R2DBC_SPI = "io.r2dbc.spi.ConnectionFactory";

    private EventStoreOpener() {
    }

    /**
     * The store for {@code properties}, opening once subscribed.
     *
     * @param properties what to open
     * @param beans where the application's R2DBC {@code ConnectionFactory} is looked up (PostgreSQL without
     *     a configured host)
     * @return a cold {@code Mono} that opens a new store per subscription
     * @throws IllegalStateException (at call time) if the chosen backend's driver is missing or its
     *     settings are incomplete
     */
    static Mono<? extends EventStore> open(ReactiveStoreProperties properties, BeanFactory beans) {
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(beans, "beans");
        ClassLoader loader = EventStoreOpener.class.getClassLoader();
        return switch (properties.type()) {
            case EMBEDDED -> LmdbEventStore.builder(properties.directory())
                    .maxBatch(properties.maxBatch())
                    .queueCapacity(properties.queueCapacity())
                    .open();
            case H2 -> {
                requireClass(H2_DRIVER, "io.r2dbc:r2dbc-h2 and com.h2database:h2", properties, loader);
                yield r2dbc(properties).h2File(properties.directory()).open();
            }
            case POSTGRESQL -> postgres(properties, beans, loader);
            case MEMORY -> Mono.fromSupplier(() -> properties.memory().maxEvents() == 0
                    ? MemoryEventStore.create()
                    : MemoryEventStore.withCapacity(properties.memory().maxEvents()));
        };
    }

    private static Mono<? extends EventStore> postgres(ReactiveStoreProperties properties, BeanFactory beans,
                                                       ClassLoader loader) {
        ReactiveStoreProperties.Postgresql pg = properties.postgresql();
        if (pg.host() != null) {
            requireClass(POSTGRESQL_DRIVER, "org.postgresql:r2dbc-postgresql", properties, loader);
            if (pg.database() == null || pg.username() == null) {
                throw new IllegalStateException("reactive-store.type=postgresql with reactive-store.postgresql.host"
                        + " needs reactive-store.postgresql.database and reactive-store.postgresql.username");
            }
            return r2dbc(properties).postgres(pg.host(), pg.port(), pg.database(), pg.username(), pg.password())
                    .open();
        }
        requireClass(R2DBC_SPI, "io.r2dbc:r2dbc-spi", properties, loader);
        ConnectionFactory factory = beans.getBeanProvider(ConnectionFactory.class).getIfUnique();
        if (factory == null) {
            throw new IllegalStateException("reactive-store.type=postgresql needs reactive-store.postgresql.host,"
                    + " or one R2DBC ConnectionFactory bean in the application (for example from spring.r2dbc.url)");
        }
        return r2dbc(properties).connectionFactory(factory).open();
    }

    private static R2dbcEventStores.Builder r2dbc(ReactiveStoreProperties properties) {
        return R2dbcEventStores.builder()
                .maxConnections(properties.maxConnections())
                .maxBatch(properties.maxBatch())
                .queueCapacity(properties.queueCapacity());
    }

    private static void requireClass(String className, String artifacts, ReactiveStoreProperties properties,
                                     ClassLoader loader) {
        if (!ClassUtils.isPresent(className, loader)) {
            throw new IllegalStateException("reactive-store.type=" + properties.type().name().toLowerCase()
                    + " needs " + artifacts + " on the classpath (" + className + " is missing)");
        }
    }
}
