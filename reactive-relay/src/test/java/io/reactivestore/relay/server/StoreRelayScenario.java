package io.reactivestore.relay.server;

import static io.reactivestore.relay.server.RelayHarness.now;
import static io.reactivestore.relay.server.RelayHarness.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.relay.message.ClientMessage;
import io.reactivestore.relay.message.RelayMessage;
import io.reactivestore.store.EventStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay on a real store (under BlockHound), one subclass per backend: publish, query, live, delete, count;
 * and NIP-50 search end to end, with the store's {@link EventStore#supportsSearch()} deciding the expected
 * answer. A relay on a store that supports search advertises 50, answers REQ and COUNT with {@code search}
 * (stored best first, and live), and refuses bad search strings with a prefixed {@code CLOSED}; a relay on a
 * store without search does not advertise 50 and refuses every search with {@code CLOSED "invalid: ..."}. The
 * connection keeps working after every refusal.
 */
abstract class StoreRelayScenario {

    /**
     * A new, empty store for the relay.
     *
     * @return the store
     */
    protected abstract EventStore createStore();

    /** Runs after the relay and the store are closed. */
    protected void cleanup() {
    }

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();

    private EventStore store;

    @AfterEach
    void tearDown() {
        harness.close();
        if (store != null) {
            store.close().block(RawClient.WAIT);
        }
        cleanup();
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

    private static List<Integer> supportedNips(NostrRelay relay) {
        String body = HttpClient.create().headers(h -> h.add("Accept", "application/nostr+json"))
                .get().uri("http://127.0.0.1:" + relay.port() + "/")
                .responseSingle((response, content) -> content.asString())
                .block(RawClient.WAIT);
        JsonNode nips = JsonMapper.builder().build().readTree(body).get("supported_nips");
        return nips.valueStream().map(JsonNode::asInt).toList();
    }

    private static String closedReason(RawClient client, String subId) {
        // the client's earlier subscriptions stay open, so a live event may come first
        RelayMessage.Closed closed = client.skipTo(RelayMessage.Closed.class);
        assertThat(closed.subscriptionId()).isEqualTo(subId);
        return closed.message();
    }

    private static Filter search(String text) {
        return Filter.builder().search(text).build();
    }

    @Test
    void searchIsServedStoredLiveAndCountedAndBadSearchesAreRefused() {
        store = createStore();
        NostrRelay relay = harness.start(store, options -> { });
        if (!store.supportsSearch()) {
            searchIsRefused(relay);
            return;
        }
        assertThat(supportedNips(relay)).contains(50).isSorted();
        RawClient client = harness.connect(relay);
        long t = now() - 100;
        Event strongest = signed(alice, 1, t - 50, "orange, Orange: ORANGE", List.of());
        Event both = signed(alice, 1, t, "Orange and purple", List.of());
        Event juice = signed(alice, 1, t + 1, "ORANGE juice", List.of());
        Event percent = signed(alice, 1, t + 2, "100% pure", List.of());
        Event thousand = signed(alice, 1, t + 3, "1000 pure", List.of());
        for (Event e : List.of(strongest, both, juice, percent, thousand)) {
            assertThat(client.publishAndAwait(e).accepted()).isTrue();
        }

        // best first (NIP-50): the oldest event holds the term three times
        assertThat(client.query("s", search("orange"))).containsExactly(strongest, juice, both);
        assertThat(client.query("p", search("orange PURPLE"))).containsExactly(both);
        assertThat(client.query("pct", search("100%"))).containsExactly(percent);
        assertThat(client.query("sql", search("'; DROP TABLE events; --"))).isEmpty();
        assertThat(client.query("lim", Filter.builder().search("orange").limit(1).build())).containsExactly(strongest);

        RawClient subscriber = harness.connect(relay);
        assertThat(subscriber.query("live", search("orange"))).containsExactly(strongest, juice, both);
        client.publishAndAwait(signed(alice, 1, now(), "apple pie", List.of()));
        Event live = signed(alice, 1, now(), "an orange, live", List.of());
        client.publishAndAwait(live);
        RelayMessage.EventMessage delivered = subscriber.next(RelayMessage.EventMessage.class);
        assertThat(delivered.subscriptionId()).isEqualTo("live");
        assertThat(delivered.event()).isEqualTo(live);

        client.send(new ClientMessage.Count("c", List.of(search("orange"))));
        assertThat(client.skipTo(RelayMessage.CountResult.class).count()).isEqualTo(4);

        client.send("[\"REQ\",\"empty\",{\"search\":\"\"}]");
        assertThat(closedReason(client, "empty")).startsWith("invalid:").contains("search");
        client.send("[\"REQ\",\"punct\",{\"search\":\"%_'\\\\;--\"}]");
        assertThat(closedReason(client, "punct")).startsWith("invalid:").contains("search");
        client.send("[\"REQ\",\"long\",{\"search\":\"" + "word ".repeat(60) + "\"}]");
        assertThat(closedReason(client, "long")).startsWith("invalid:").contains("search");
        client.send("[\"REQ\",\"type\",{\"search\":42}]");
        assertThat(closedReason(client, "type")).startsWith("invalid:").contains("search");
        client.send("[\"COUNT\",\"cnt\",{\"search\":\"  \"}]");
        assertThat(closedReason(client, "cnt")).startsWith("invalid:");

        assertThat(client.query("after", Filter.builder().authors(alice.publicKey()).build())).hasSize(7);
    }

    private void searchIsRefused(NostrRelay relay) {
        assertThat(supportedNips(relay)).doesNotContain(50);
        RawClient client = harness.connect(relay);
        Event e = signed(alice, 1, now() - 10, "orange", List.of());
        client.publishAndAwait(e);
        client.req("s", Filter.ALL, search("orange"));
        assertThat(closedReason(client, "s")).isEqualTo("invalid: " + RelayConnection.SEARCH_UNSUPPORTED);
        client.send(new ClientMessage.Count("c", List.of(search("orange"))));
        assertThat(closedReason(client, "c")).startsWith("invalid:");
        assertThat(client.query("after", Filter.ALL)).containsExactly(e);
    }
}
