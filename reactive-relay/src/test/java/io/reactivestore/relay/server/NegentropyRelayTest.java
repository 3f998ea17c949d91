package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.negentropy.Negentropy;
import io.reactivestore.relay.client.NegentropyRound;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelayClientException;
import io.reactivestore.relay.message.RelayMessage;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** NIP-77 over loopback WebSockets: the project's client against its relay, and bad input from a raw client. */
class NegentropyRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RelayHarness harness = new RelayHarness();
    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void clientLearnsExactlyWhatEachSideLacksFromAMemoryStoreRelay() {
        reconcileAgainst(MemoryEventStore.create(), 20_000, 200, 300);
    }

    @Test
    void clientLearnsExactlyWhatEachSideLacksFromAnH2StoreRelay() {
        reconcileAgainst(R2dbcEventStores.h2InMemory().block(RawClient.WAIT), 5_000, 50, 70);
    }

    @Test
    void identicalSetsReconcileInOneRound() {
        NegentropyFixtures.Sides sides = NegentropyFixtures.sides(3, 3_000, 0, 0);
        EventStore store = MemoryEventStore.create();
        NostrRelay relay = harness.start(store, o -> { });
        NegentropyFixtures.fill(store, sides.remote());
        RelayClient client = harness.client(relay);

        List<NegentropyRound> rounds = client.reconcile(Filter.builder().build(), NegentropyFixtures.storage(sides.local()))
                .collectList().block(WAIT);

        assertThat(rounds).hasSize(1);
        assertThat(rounds.get(0).last()).isTrue();
        assertThat(rounds.get(0).have()).isEmpty();
        assertThat(rounds.get(0).need()).isEmpty();
    }

    private void reconcileAgainst(EventStore store, int shared, int onlyLocal, int onlyRemote) {
        NegentropyFixtures.Sides sides = NegentropyFixtures.sides(7, shared, onlyLocal, onlyRemote);
        NostrRelay relay = harness.start(store, o -> o.negentropyFrameSizeLimit(Negentropy.MIN_FRAME_SIZE_LIMIT));
        NegentropyFixtures.fill(store, sides.remote());
        RelayClient client = harness.client(relay);
        List<String> have = new ArrayList<>();
        List<String> need = new ArrayList<>();

        List<NegentropyRound> rounds = client.reconcile(Filter.builder().build(), NegentropyFixtures.storage(sides.local()),
                        Negentropy.MIN_FRAME_SIZE_LIMIT)
                .doOnNext(round -> {
                    have.addAll(round.have());
                    need.addAll(round.need());
                })
                .collectList().block(WAIT);

        assertThat(have).containsExactlyInAnyOrderElementsOf(sides.onlyLocalIds());
        assertThat(need).containsExactlyInAnyOrderElementsOf(sides.onlyRemoteIds());
        assertThat(rounds.get(rounds.size() - 1).last()).isTrue();
        assertThat(rounds).hasSizeGreaterThan(1);
    }

    @Test
    void filterLimitsTheRecordsReconciled() {
        NegentropyFixtures.Sides sides = NegentropyFixtures.sides(11, 100, 0, 0);
        EventStore store = MemoryEventStore.create();
        NostrRelay relay = harness.start(store, o -> { });
        NegentropyFixtures.fill(store, sides.remote());
        Event one = sides.shared().get(0);
        RelayClient client = harness.client(relay);

        List<NegentropyRound> rounds = client.reconcile(Filter.builder().ids(one.id()).build(),
                NegentropyFixtures.storage(List.of())).collectList().block(WAIT);

        assertThat(rounds).flatExtracting(NegentropyRound::need).containsExactly(one.id());
    }

    @Test
    void aRelayRefusalReachesTheClientAsClosedByRelay() {
        EventStore store = MemoryEventStore.create();
        NostrRelay relay = harness.start(store, o -> o.maxNegentropyRecords(10));
        NegentropyFixtures.fill(store, NegentropyFixtures.sides(5, 11, 0, 0).remote());
        RelayClient client = harness.client(relay);

        StepVerifier.create(client.reconcile(Filter.builder().build(), NegentropyFixtures.storage(List.of())))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(RelayClientException.ClosedByRelay.class,
                                closed -> assertThat(closed.reason()).startsWith("blocked:")))
                .verify(WAIT);
    }

    @Test
    void badNegMessagesGetPrefixedErrorsAndTheConnectionKeepsWorking() {
        EventStore store = MemoryEventStore.create();
        NostrRelay relay = harness.start(store, o -> o.maxNegentropySessions(2)
                .negentropyFrameSizeLimit(Negentropy.MIN_FRAME_SIZE_LIMIT));
        NegentropyFixtures.fill(store, NegentropyFixtures.sides(9, 50, 0, 0).remote());
        RawClient raw = harness.connect(relay);
        String empty = HexFormat.of().formatHex(new Negentropy(NegentropyFixtures.storage(List.of()), 0).initiate());

        raw.send("[\"NEG-MSG\",\"nobody\",\"61\"]");
        assertNegErr(raw.nextText(), "nobody", "closed:");

        raw.send("[\"NEG-OPEN\",\"a\",{},\"zz\"]");
        assertNegErr(raw.nextText(), "a", "invalid:");

        raw.send("[\"NEG-OPEN\",\"b\",{\"kinds\":\"x\"},\"" + empty + "\"]");
        assertNegErr(raw.nextText(), "b", "invalid:");

        raw.send("[\"NEG-OPEN\",\"c\",{},\"61ff\"]");
        assertNegErr(raw.nextText(), "c", "invalid:");

        raw.send("[\"NEG-OPEN\",\"d\",{},\"" + "61".repeat(Negentropy.MIN_FRAME_SIZE_LIMIT + 1) + "\"]");
        assertNegErr(raw.nextText(), "d", "blocked:");

        raw.send("[\"NEG-OPEN\"]");
        assertThat(raw.next()).isInstanceOfSatisfying(RelayMessage.Notice.class,
                notice -> assertThat(notice.message()).startsWith("invalid:"));

        // the cap on concurrent sessions: two stay open, the third is refused
        raw.send("[\"NEG-OPEN\",\"s1\",{},\"" + empty + "\"]");
        assertThat(field(raw.nextText(), 0)).isEqualTo("NEG-MSG");
        raw.send("[\"NEG-OPEN\",\"s2\",{},\"" + empty + "\"]");
        assertThat(field(raw.nextText(), 0)).isEqualTo("NEG-MSG");
        raw.send("[\"NEG-OPEN\",\"s3\",{},\"" + empty + "\"]");
        assertNegErr(raw.nextText(), "s3", "blocked:");
        // closing one frees a slot
        raw.send("[\"NEG-CLOSE\",\"s1\"]");
        raw.send("[\"NEG-OPEN\",\"s3\",{},\"" + empty + "\"]");
        assertThat(field(raw.nextText(), 0)).isEqualTo("NEG-MSG");
        // a closed session is unknown
        raw.send("[\"NEG-MSG\",\"s1\",\"61\"]");
        assertNegErr(raw.nextText(), "s1", "closed:");

        assertThat(raw.query("still-works", Filter.builder().limit(5).build())).hasSize(5);
    }

    @Test
    void theRelayWideCapAndTheIdleTimeoutRefuseWithPrefixesAndTheConnectionsKeepWorking() {
        EventStore store = MemoryEventStore.create();
        NostrRelay relay = harness.start(store, o -> o.maxNegentropySessionsTotal(1)
                .negentropyIdleTimeout(Duration.ofSeconds(1)));
        NegentropyFixtures.fill(store, NegentropyFixtures.sides(11, 20, 0, 0).remote());
        RawClient first = harness.connect(relay);
        RawClient second = harness.connect(relay);
        String empty = HexFormat.of().formatHex(new Negentropy(NegentropyFixtures.storage(List.of()), 0).initiate());

        first.send("[\"NEG-OPEN\",\"a\",{},\"" + empty + "\"]");
        assertThat(field(first.nextText(), 0)).isEqualTo("NEG-MSG");
        second.send("[\"NEG-OPEN\",\"b\",{},\"" + empty + "\"]");
        assertNegErr(second.nextText(), "b", "blocked:");
        assertThat(second.query("second-works", Filter.builder().limit(3).build())).hasSize(3);

        // the first session sends nothing more: the relay closes it and frees its place
        assertNegErr(first.nextText(), "a", "closed:");
        second.send("[\"NEG-OPEN\",\"b\",{},\"" + empty + "\"]");
        assertThat(field(second.nextText(), 0)).isEqualTo("NEG-MSG");
        assertThat(first.query("first-works", Filter.builder().limit(4).build())).hasSize(4);
    }

    @Test
    void nip11AdvertisesNip77AndItsLimits() throws Exception {
        RelayOptions options = RelayOptions.builder().maxNegentropySessions(3).negentropyFrameSizeLimit(50_000)
                .maxNegentropyRecords(123).maxNegentropySessionsTotal(7).negentropyIdleTimeout(Duration.ofSeconds(42))
                .build();
        JsonNode doc = JSON.readTree(new String(RelayInformation.render(options), StandardCharsets.UTF_8));

        assertThat(doc.get("supported_nips").toString()).contains("77");
        assertThat(doc.get("limitation").get("max_negentropy_sessions").asInt()).isEqualTo(3);
        assertThat(doc.get("limitation").get("negentropy_frame_size_limit").asInt()).isEqualTo(50_000);
        assertThat(doc.get("limitation").get("max_negentropy_records").asInt()).isEqualTo(123);
        assertThat(doc.get("limitation").get("max_negentropy_sessions_total").asInt()).isEqualTo(7);
        assertThat(doc.get("limitation").get("negentropy_idle_timeout_seconds").asInt()).isEqualTo(42);
    }

    private static void assertNegErr(String text, String subId, String prefix) {
        assertThat(field(text, 0)).as(text).isEqualTo("NEG-ERR");
        assertThat(field(text, 1)).isEqualTo(subId);
        assertThat(field(text, 2)).startsWith(prefix);
    }

    private static String field(String text, int index) {
        return JSON.readTree(text).get(index).asString();
    }
}
