package io.reactivestore.relay.server;

import static io.reactivestore.relay.server.RelayHarness.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.ClientMessage;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.RelayMessage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NostrRelayBasicsTest {

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void publishedEventIsAcknowledgedAndReturnedByReq() {
        NostrRelay relay = harness.start();
        RawClient client = harness.connect(relay);
        Event event = note(alice, "hello");

        RelayMessage.Ok ok = client.publishAndAwait(event);

        assertThat(ok.accepted()).isTrue();
        assertThat(ok.message()).isEmpty();
        assertThat(client.query("s1", Filter.builder().authors(alice.publicKey()).build())).containsExactly(event);
    }

    @Test
    void liveEventsFollowEose() {
        NostrRelay relay = harness.start();
        RawClient subscriber = harness.connect(relay);
        RawClient publisher = harness.connect(relay);
        assertThat(subscriber.query("live", Filter.builder().kinds(1).build())).isEmpty();

        Event event = note(alice, "live one");
        assertThat(publisher.publishAndAwait(event).accepted()).isTrue();

        RelayMessage.EventMessage delivered = subscriber.next(RelayMessage.EventMessage.class);
        assertThat(delivered.subscriptionId()).isEqualTo("live");
        assertThat(delivered.event()).isEqualTo(event);
        assertThat(delivered.event().toJson()).isEqualTo(event.toJson());
    }

    @Test
    void duplicateIsAcceptedWithPrefix() {
        NostrRelay relay = harness.start();
        RawClient client = harness.connect(relay);
        Event event = note(alice, "twice");
        client.publishAndAwait(event);

        RelayMessage.Ok second = client.publishAndAwait(event);

        assertThat(second.accepted()).isTrue();
        assertThat(second.message()).startsWith("duplicate:");
    }

    @Test
    void closeStopsLiveDelivery() {
        NostrRelay relay = harness.start();
        RawClient subscriber = harness.connect(relay);
        subscriber.query("s", Filter.builder().kinds(1).build());
        subscriber.send(new ClientMessage.Close("s"));
        subscriber.query("other", Filter.builder().kinds(7).build());

        harness.connect(relay).publishAndAwait(note(alice, "nobody listens"));
        RelayMessage.Ok marker = subscriber.publishAndAwait(note(alice, "marker"));

        assertThat(marker.accepted()).isTrue();
    }

    @Test
    void reusingASubscriptionIdReplacesTheOldOne() {
        NostrRelay relay = harness.start();
        RawClient client = harness.connect(relay);
        RawClient publisher = harness.connect(relay);
        Event note = note(alice, "a note");
        publisher.publishAndAwait(note);
        assertThat(client.query("s", Filter.builder().kinds(1).build())).containsExactly(note);

        assertThat(client.query("s", Filter.builder().kinds(7).build())).isEmpty();
        publisher.publishAndAwait(note(alice, "kind 1 again"));
        Event reaction = RelayHarness.signed(alice, 7, RelayHarness.now(), "+", List.of());
        publisher.publishAndAwait(reaction);

        RelayMessage.EventMessage delivered = client.next(RelayMessage.EventMessage.class);
        assertThat(delivered.event()).isEqualTo(reaction);
    }

    @Test
    void storedResultsAreNewestFirstAndLimited() {
        NostrRelay relay = harness.start();
        RawClient client = harness.connect(relay);
        long t = RelayHarness.now() - 100;
        Event old = RelayHarness.signed(alice, 1, t, "old", List.of());
        Event mid = RelayHarness.signed(alice, 1, t + 1, "mid", List.of());
        Event recent = RelayHarness.signed(alice, 1, t + 2, "new", List.of());
        client.publishAndAwait(mid);
        client.publishAndAwait(recent);
        client.publishAndAwait(old);

        assertThat(client.query("all", Filter.builder().kinds(1).build())).containsExactly(recent, mid, old);
        assertThat(client.query("two", Filter.builder().kinds(1).limit(2).build())).containsExactly(recent, mid);
        assertThat(client.query("page", Filter.builder().kinds(1).until(t + 1).limit(1).build())).containsExactly(mid);
    }

    @Test
    void storeFailuresAreAnsweredWithErrorPrefixAndTheConnectionCarriesOn() {
        GatedStore store = new GatedStore();
        NostrRelay relay = harness.start(store, options -> { });
        RawClient client = harness.connect(relay);
        store.failSaves(new io.reactivestore.store.StoreUnavailableException("database away", null));

        RelayMessage.Ok failed = client.publishAndAwait(note(alice, "while the database is away"));
        assertThat(failed.accepted()).isFalse();
        assertThat(failed.message()).startsWith("error: ");
        store.failSaves(new io.reactivestore.store.StoreFullException("full"));
        assertThat(client.publishAndAwait(note(alice, "while full")).message()).startsWith("error: ");

        store.failSaves(null);
        Event later = note(alice, "database back");
        assertThat(client.publishAndAwait(later).accepted()).isTrue();
        assertThat(client.query("q", Filter.builder().authors(alice.publicKey()).build())).containsExactly(later);
    }
}
