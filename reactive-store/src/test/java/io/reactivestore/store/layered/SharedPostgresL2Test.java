package io.reactivestore.store.layered;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.store.r2dbc.postgres.PostgresNotifications;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Two layered stores (two nodes, each with its own connections) over one embedded PostgreSQL L2. */
@Tag("integration")
class SharedPostgresL2Test {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
    private final List<LayeredEventStore> nodes = new ArrayList<>();

    private EventStore postgresL2() {
        return R2dbcEventStores.postgres(db.host(), db.port(), db.database(), db.user(), db.password()).block(TIMEOUT);
    }

    private LayeredEventStore node(LayeredEventStore.Builder builder) {
        LayeredEventStore node = builder.build();
        nodes.add(node);
        return node;
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(n -> n.close().block(TIMEOUT));
    }

    @Test
    void aNotificationFromPostgresMakesTheOtherNodePublishAtOnce() {
        LayeredEventStore a = node(LayeredEventStore.builder(MemoryEventStore.create(), postgresL2()).maxEvents(100)
                .pollEvery(Duration.ofHours(1)));
        LayeredEventStore b = node(LayeredEventStore.builder(MemoryEventStore.create(), postgresL2()).maxEvents(100)
                .pollEvery(Duration.ofHours(1))
                .wakeUps(PostgresNotifications.listen(db.connections(),
                        PostgresNotifications.CHANNEL)));
        // polling is hourly, so only a notification can make b see a's events; LISTEN takes effect a
        // moment after b starts, so a keeps writing until b publishes one of its events
        Set<Event> written = ConcurrentHashMap.newKeySet();
        Disposable writer = Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(i -> {
                    Event e = note(ALICE, System.currentTimeMillis() / 1000, "via notify " + i);
                    written.add(e);
                    return a.save(e);
                })
                .subscribe();
        try {
            Event published = b.events().blockFirst(TIMEOUT);
            assertThat(written).contains(published);
            assertThat(b.stats().polled()).isPositive();
        } finally {
            writer.dispose();
        }
    }

    @Test
    void withoutNotificationsTheOtherNodeLearnsByPolling() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        LayeredEventStore a = node(LayeredEventStore.builder(MemoryEventStore.create(), postgresL2()).maxEvents(100)
                .pollEvery(Duration.ofSeconds(5)).scheduler(time));
        LayeredEventStore b = node(LayeredEventStore.builder(MemoryEventStore.create(), postgresL2()).maxEvents(100)
                .pollEvery(Duration.ofSeconds(5)).scheduler(time));
        Event e = note(ALICE, System.currentTimeMillis() / 1000, "via polling");

        StepVerifier.create(b.events().take(1))
                .then(() -> a.save(e).block(TIMEOUT))
                .then(() -> time.advanceTimeBy(Duration.ofSeconds(5)))
                .expectNext(e)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(a.stats().polled()).as("a does not publish its own save").isZero();
    }
}
