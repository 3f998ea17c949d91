package io.reactivestore.store.memory;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.note;

import io.reactivestore.event.Filter;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.StoreFullException;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class MemoryEventStoreTest extends EventStoreContract {

    @Override
    protected EventStore createStore() {
        return MemoryEventStore.create();
    }

    @Test
    void aFullStoreRefusesNewEventsWithATypedError() {
        MemoryEventStore small = MemoryEventStore.withCapacity(2);
        givenIn(small, note(ALICE, 1, "a"), note(ALICE, 2, "b"));
        StepVerifier.create(small.save(note(ALICE, 3, "c"))).expectError(StoreFullException.class).verify(TIMEOUT);
        StepVerifier.create(small.count(java.util.List.of(Filter.ALL))).expectNext(2L).expectComplete().verify(TIMEOUT);
    }

    @Test
    void replacingAVersionFitsInAFullStore() {
        MemoryEventStore small = MemoryEventStore.withCapacity(1);
        givenIn(small, io.reactivestore.testing.TestEvents.event(ALICE, 0, 1, "v1"));
        StepVerifier.create(small.save(io.reactivestore.testing.TestEvents.event(ALICE, 0, 2, "v2")))
                .expectNext(SaveResult.REPLACED).expectComplete().verify(TIMEOUT);
    }

    @Test
    void aFilterWhoseFirstTagIsNotItsIndexTagStillChecksEveryTag() {
        // the index looks up the most selective tag (e), so the first-listed one (p) must still be checked
        String e = "a".repeat(64);
        String p = "b".repeat(64);
        MemoryEventStore store = MemoryEventStore.create();
        io.reactivestore.event.Event both = note(ALICE, 1, "both", "p", p, "e", e);
        io.reactivestore.event.Event onlyE = note(ALICE, 2, "only e", "e", e);
        givenIn(store, both, onlyE);
        Filter pThenE = Filter.builder().tag("p", p).tag("e", e).build();
        StepVerifier.create(store.query(java.util.List.of(pThenE)).map(io.reactivestore.event.Event::id))
                .expectNext(both.id()).expectComplete().verify(TIMEOUT);
    }
}
