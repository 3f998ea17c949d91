package io.reactivestore.examples.readme;

import io.reactivestore.event.Event;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.relay.policy.Policies;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/** README, "Embedding the relay": a relay with policies and hooks over a store, started and shut down. */
public final class EmbeddingTheRelay {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingTheRelay.class);

    private EmbeddingTheRelay() {
    }

    /**
     * Starts the relay on a free loopback port over an in-memory store, then shuts it down.
     *
     * @param args ignored
     */
    @SuppressWarnings("NullAway") // README snippet: block() on a Mono that always emits; null checks would clutter it
    public static void main(String[] args) {
        EventStore store = MemoryEventStore.create();
        AtomicLong saved = new AtomicLong();
        Flux<Event> eventsSavedByOtherNodes = Flux.never();
        // tag::embedding-the-relay[]
        NostrRelay relay = NostrRelay.start(store, RelayOptions.builder()
                .port(0)                                                   // 0: a free port; relay.url() tells which
                .rejectEvent(Policies.denyKinds(List.of(4)))               // khatru-style hooks, in order
                .rejectEvent(Policies.proofOfWork(20))
                .rejectFilter((filters, session) -> Optional.empty())
                .onConnect(session -> LOG.info("hello {}", session.remoteAddress()))
                .onEventSaved((event, session) -> saved.incrementAndGet())
                .externalEvents(eventsSavedByOtherNodes)                   // a Flux<Event>: delivered live, not stored
                .build()).block(Duration.ofSeconds(10));
        LOG.info("serving {}", relay.url());
        relay.shutdown().block(Duration.ofSeconds(30));                    // graceful; closes the store
        // end::embedding-the-relay[]
    }
}
