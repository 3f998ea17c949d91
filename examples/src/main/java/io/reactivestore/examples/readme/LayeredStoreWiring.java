package io.reactivestore.examples.readme;

import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.layered.LayeredEventStore;
import io.reactivestore.store.layered.LayeredStats;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.time.Duration;

/** README, "Layered, composite and sharded stores": a layered store wired into a relay. */
public final class LayeredStoreWiring {

    private LayeredStoreWiring() {
    }

    /**
     * Wires a memory L1 over an H2 in-memory L2 (PostgreSQL in production) into a relay on a free loopback
     * port, then shuts down.
     *
     * @param args ignored
     */
    @SuppressWarnings("NullAway") // README snippet: block() on a Mono that always emits; null checks would clutter it
    public static void main(String[] args) {
        EventStore l2 = R2dbcEventStores.h2InMemory().block(Duration.ofSeconds(30));
        // tag::layered-store[]
        LayeredEventStore store = LayeredEventStore.builder(MemoryEventStore.create(), l2)
                .maxBytes(256L << 20)                   // L1 budget: 256 MB of event JSON (and/or .maxEvents(n))
                .pollEvery(Duration.ofSeconds(2))       // shared L2: learn of the events other nodes save
                .build();
        NostrRelay relay = NostrRelay.start(store, RelayOptions.builder()
                .port(0)
                .externalEvents(store.events())         // and deliver them live to this relay's subscribers
                .build()).block(Duration.ofSeconds(10));
        LayeredStats stats = store.stats();             // L1 size, hits/misses, evictions, back-fill
        store.idle().block(Duration.ofSeconds(10));     // completes once the back-fill into L1 is done
        relay.shutdown().block(Duration.ofSeconds(30)); // closes the layered store, so both levels
        // end::layered-store[]
        System.out.println(stats);
    }
}
