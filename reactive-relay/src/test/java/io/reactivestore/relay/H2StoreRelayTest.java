package io.reactivestore.relay;

import static io.reactivestore.relay.RelayHarness.now;
import static io.reactivestore.relay.RelayHarness.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.ClientMessage;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.RelayMessage;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay on the real H2 store (under BlockHound): publish, query, live, delete, count. */
class H2StoreRelayTest {

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void relayServesTheH2Store() {
        NostrRelay relay = harness.start(R2dbcEventStores.h2InMemory().block(RawClient.WAIT), options -> { });
        RawClient subscriber = harness.connect(relay);
        RawClient client = harness.connect(relay);
        long t = now() - 10;
        Event first = signed(alice, 1, t, "first", List.of(List.of("t", "h2")));
        Event second = signed(alice, 1, t + 1, "second", List.of(List.of("t", "h2")));
        assertThat(client.publishAndAwait(first).accepted()).isTrue();
        assertThat(client.publishAndAwait(second).accepted()).isTrue();
        assertThat(client.publishAndAwait(first).message()).startsWith("duplicate:");

        assertThat(subscriber.query("s", Filter.builder().tag("t", "h2").build())).containsExactly(second, first);
        Event live = signed(alice, 1, now(), "live on h2", List.of(List.of("t", "h2")));
        client.publishAndAwait(live);
        assertThat(subscriber.next(RelayMessage.EventMessage.class).event()).isEqualTo(live);

        client.publishAndAwait(signed(alice, 5, now(), "", List.of(List.of("e", first.id()))));
        assertThat(client.query("after", Filter.builder().tag("t", "h2").build())).containsExactly(live, second);
        client.send(new ClientMessage.Count("c", List.of(Filter.builder().authors(alice.publicKey()).build())));
        assertThat(client.next(RelayMessage.CountResult.class).count()).isEqualTo(3);
    }
}
