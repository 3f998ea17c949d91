package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.relay.client.SubscriptionItem;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.lmdb.LmdbEventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/**
 * What a user of the library does first: an embedded relay on port 0 over the embedded default store,
 * the project's client, one signed event published, received live, queried back, everything closed.
 */
class EmbeddedRelayRoundTripTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The embedded default store: the one line to change when the default changes. */
    private static EventStore openEmbeddedStore(Path directory) {
        return LmdbEventStore.open(directory).block(WAIT);
    }

    @Test
    void publishReceiveLiveQueryBackAndClose(@TempDir Path directory) {
        EventStore store = openEmbeddedStore(directory);
        NostrRelay relay = NostrRelay.start(store, RelayOptions.builder().host("127.0.0.1").port(0).build())
                .block(WAIT);
        RelayClient client = RelayClient.create(relay.url());
        try {
            KeyPair alice = KeyPair.generate();
            Event note = alice.sign(new UnsignedEvent(Instant.now().getEpochSecond(), 1, List.of(), "hello from a consumer"));
            Filter byAlice = Filter.builder().authors(alice.publicKey()).build();

            StepVerifier.create(client.subscribe(List.of(byAlice)))
                    .expectNextMatches(item -> item instanceof SubscriptionItem.EndOfStored)
                    .then(() -> client.publish(note).subscribe(ok -> assertTrue(ok.accepted(), ok.message())))
                    .expectNext(new SubscriptionItem.Live(note))
                    .thenCancel()
                    .verify(WAIT);

            StepVerifier.create(client.fetch(List.of(Filter.builder().ids(note.id()).build())))
                    .expectNext(note)
                    .expectComplete()
                    .verify(WAIT);
            StepVerifier.create(store.query(List.of(byAlice)))
                    .expectNext(note)
                    .expectComplete()
                    .verify(WAIT);
        } finally {
            client.close().block(WAIT);
            relay.shutdown().block(WAIT);
            store.close().block(WAIT);
        }
        assertEquals(0, relay.connectionCount(), "connections left open after shutdown");
    }
}
