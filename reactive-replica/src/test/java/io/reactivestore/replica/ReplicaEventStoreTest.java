package io.reactivestore.replica;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The replica rules over event stores: async writes land, an async failure is the error state with the lost saves. */
class ReplicaEventStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void savesReachTheAsyncStoreAfterAFlush() {
        MemoryEventStore async = MemoryEventStore.create();
        ReplicaEventStore replica = new ReplicaEventStore(List.of(MemoryEventStore.create()), List.of(async), 2);
        Event first = note(ALICE, 1, "one");
        Event second = note(ALICE, 2, "two");
        replica.save(first).then(replica.save(second)).then(replica.flush()).block(TIMEOUT);
        StepVerifier.create(async.query(Filter.ALL)).expectNext(second, first).expectComplete().verify(TIMEOUT);
        replica.close().block(TIMEOUT);
    }

    @Test
    void anAsyncFailurePutsTheReplicaInErrorStateNamingTheLostSave() {
        Event event = note(ALICE, 1, "one");
        EventStore failing = new FailingSaves(MemoryEventStore.create());
        ReplicaEventStore replica = new ReplicaEventStore(List.of(MemoryEventStore.create()), List.of(failing), 2);
        StepVerifier.create(replica.save(event)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
        replica.flush().block(TIMEOUT); // completes once the queue is written or, as here, the replica failed
        StepVerifier.create(replica.query(Filter.ALL))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ReplicaFailedException.class);
                    assertThat(((ReplicaFailedException) e).lost()).containsExactly(new LostWrite(0, "save", event.id()));
                })
                .verify(TIMEOUT);
    }

    /** A real event store whose saves all fail. */
    private static final class FailingSaves implements EventStore {
        private final EventStore real;

        FailingSaves(EventStore real) {
            this.real = real;
        }

        @Override
        public Mono<SaveResult> save(Event event) {
            return Mono.error(new IllegalStateException("disk full"));
        }

        @Override
        public Flux<Event> query(List<Filter> filters) {
            return real.query(filters);
        }

        @Override
        public Mono<Long> count(List<Filter> filters) {
            return real.count(filters);
        }

        @Override
        public Mono<Boolean> delete(Deletion deletion) {
            return real.delete(deletion);
        }

        @Override
        public Flux<Event> export() {
            return real.export();
        }

        @Override
        public Flux<Event> export(Set<String> authors) {
            return real.export(authors);
        }

        @Override
        public Mono<Long> importEvents(Flux<Event> events) {
            return real.importEvents(events);
        }

        @Override
        public Mono<Void> nuke() {
            return real.nuke();
        }

        @Override
        public Mono<Void> sync() {
            return real.sync();
        }

        @Override
        public Mono<Void> close() {
            return real.close();
        }
    }
}
