package io.reactivestore.relay.server;

import static io.reactivestore.relay.server.RelayHarness.now;
import static io.reactivestore.relay.server.RelayHarness.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.ClientMessage;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.RelayMessage;
import io.reactivestore.store.EventStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay on a real durable store (under BlockHound): publish, query, live, delete, count. */
abstract class StoreRelayScenario {

    /**
     * A new, empty store for the relay.
     *
     * @return the store
     */
    protected abstract EventStore createStore();

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();

    private EventStore store;

    @AfterEach
    void tearDown() {
        harness.close();
        if (store != null) {
            store.close().block(RawClient.WAIT);
        }
    }

    @Test
    void relayServesTheStore() {
        store = createStore();
        NostrRelay relay = harness.start(store, options -> { });
        RawClient subscriber = harness.connect(relay);
        RawClient client = harness.connect(relay);
        long t = now() - 10;
        Event first = signed(alice, 1, t, "first", List.of(List.of("t", "store")));
        Event second = signed(alice, 1, t + 1, "second", List.of(List.of("t", "store")));
        assertThat(client.publishAndAwait(first).accepted()).isTrue();
        assertThat(client.publishAndAwait(second).accepted()).isTrue();
        assertThat(client.publishAndAwait(first).message()).startsWith("duplicate:");

        assertThat(subscriber.query("s", Filter.builder().tag("t", "store").build())).containsExactly(second, first);
        Event live = signed(alice, 1, now(), "live on the store", List.of(List.of("t", "store")));
        client.publishAndAwait(live);
        assertThat(subscriber.next(RelayMessage.EventMessage.class).event()).isEqualTo(live);

        client.publishAndAwait(signed(alice, 5, now(), "", List.of(List.of("e", first.id()))));
        assertThat(client.query("after", Filter.builder().tag("t", "store").build())).containsExactly(live, second);
        client.send(new ClientMessage.Count("c", List.of(Filter.builder().authors(alice.publicKey()).build())));
        assertThat(client.next(RelayMessage.CountResult.class).count()).isEqualTo(3);
    }
}
