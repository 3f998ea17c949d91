package io.reactivestore.store.metrics;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivestore.event.Filter;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.layered.LayeredEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The metering decorator keeps the whole contract, and records what the store did. */
class MeteredEventStoreTest extends EventStoreContract {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private int stores;

    @Override
    protected EventStore createStore() {
        return MeteredEventStore.wrap(MemoryEventStore.create(), registry, "memory-" + stores++);
    }

    @Test
    void savesAreTimedByResultAndQueriesByHowTheyEnded() {
        MeteredEventStore metered = MeteredEventStore.wrap(MemoryEventStore.create(), registry, "m");
        StepVerifier.create(metered.save(note(ALICE, 1, "a"))).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
        StepVerifier.create(metered.save(note(ALICE, 1, "a"))).expectNext(SaveResult.DUPLICATE).expectComplete().verify(TIMEOUT);
        givenIn(metered, note(ALICE, 2, "b"));
        StepVerifier.create(metered.query(Filter.ALL)).expectNextCount(2).expectComplete().verify(TIMEOUT);
        StepVerifier.create(metered.query(Filter.ALL)).expectNextCount(1).thenCancel().verify(TIMEOUT);

        assertThat(registry.get("store.saves").tag("store", "m").tag("result", "saved").timer().count()).isEqualTo(2);
        assertThat(registry.get("store.saves").tag("store", "m").tag("result", "duplicate").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("store.queries").tag("store", "m").tag("outcome", "complete").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("store.queries").tag("store", "m").tag("outcome", "cancel").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("store.query.events").tag("store", "m").counter().count()).isEqualTo(3.0);
    }

    @Test
    void aLayeredStoreReportsItsL1HitRatio() {
        LayeredEventStore layered = LayeredEventStore.builder(MemoryEventStore.create(), MemoryEventStore.create()).maxEvents(1000)
                .build();
        MeteredEventStore metered = MeteredEventStore.wrap(layered, registry, "layered");
        try {
            givenIn(metered, note(ALICE, 1, "cached"));
            StepVerifier.create(metered.query(Filter.ALL)).expectNextCount(1).expectComplete().verify(TIMEOUT);
            assertThat(registry.get("store.l1.hit.ratio").tag("store", "layered").gauge().value())
                    .isEqualTo(layered.stats().hitRate());
            assertThat(registry.get("store.l1.events").tag("store", "layered").gauge().value()).isEqualTo(1.0);
        } finally {
            metered.close().block(TIMEOUT);
        }
    }
}
