package io.reactivestore.examples;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;

/**
 * The README's getting-started program: sign two notes, store them, query them back newest first.
 * Run: {@code mvn -B -q -pl examples -am -DskipTests package exec:exec -Dexample.main=io.reactivestore.examples.GettingStarted}
 */
public final class GettingStarted {

    private GettingStarted() {
    }

    /**
     * Runs the program.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // tag::getting-started[]
        EventStore store = MemoryEventStore.create();                 // or an H2 file / PostgreSQL store, see below
        KeyPair keys = KeyPair.generate();
        Event first = keys.sign(UnsignedEvent.of(1, "hello").withCreatedAt(1_700_000_000));
        Event second = keys.sign(UnsignedEvent.of(1, "nostr").withTag("t", "intro").withCreatedAt(1_700_000_060));

        store.save(first)                                             // Mono<SaveResult>: SAVED, DUPLICATE, ...
                .then(store.save(second))
                .thenMany(store.query(Filter.builder().authors(keys.publicKey()).limit(50).build()))
                .doOnNext(event -> System.out.println(event.toJson())) // newest first, the exact JSON saved
                .then(store.close())
                .block(Duration.ofSeconds(10)); // a main thread may block; Reactor and Netty threads never do
        // end::getting-started[]
    }
}
