package io.reactivestore.relay.server;

import static io.reactivestore.relay.server.RelayHarness.note;
import static io.reactivestore.relay.server.RelayHarness.now;
import static io.reactivestore.relay.server.RelayHarness.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpHeaders;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.message.ClientMessage;
import io.reactivestore.relay.message.RelayMessage;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** NIP-09, NIP-11, NIP-40, NIP-42, NIP-45 and ephemeral kinds, end to end over loopback. */
class NipsTest {

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();
    private final KeyPair mallory = KeyPair.generate();

    @AfterEach
    void tearDown() {
        harness.close();
    }

    // ---------------------------------------------------------------- NIP-11

    @Test
    void nip11DocumentAdvertisesNipsLimitsAndCors() {
        NostrRelay relay = harness.start(options -> options.name("test relay").maxSubscriptions(7).maxLimit(42)
                .defaultLimit(40).maxMessageBytes(9000).maxEventTags(11).maxContentLength(1234).minPowDifficulty(3)
                .maxConnectionsPerAddress(12).maxSubscriptionsPerAddress(34).eventsPerSecondPerIp(5)
                .requestsPerSecondPerIp(6));
        AtomicReference<HttpHeaders> headers = new AtomicReference<>();

        String body = HttpClient.create()
                .headers(h -> h.add("Accept", "application/nostr+json"))
                .get().uri("http://127.0.0.1:" + relay.port() + "/")
                .responseSingle((response, content) -> {
                    headers.set(response.responseHeaders());
                    return content.asString();
                })
                .block(RawClient.WAIT);

        JsonNode doc = JsonMapper.builder().build().readTree(body);
        assertThat(doc.get("name").asString()).isEqualTo("test relay");
        assertThat(doc.get("supported_nips").toString()).isEqualTo("[1,9,11,13,40,42,45,50,77]"); // memory store: 50
        JsonNode limitation = doc.get("limitation");
        assertThat(limitation.get("max_subscriptions").asInt()).isEqualTo(7);
        assertThat(limitation.get("max_limit").asInt()).isEqualTo(42);
        assertThat(limitation.get("default_limit").asInt()).isEqualTo(40);
        assertThat(limitation.get("max_message_length").asInt()).isEqualTo(9000);
        assertThat(limitation.get("max_event_tags").asInt()).isEqualTo(11);
        assertThat(limitation.get("max_content_length").asInt()).isEqualTo(1234);
        assertThat(limitation.get("min_pow_difficulty").asInt()).isEqualTo(3);
        assertThat(limitation.get("created_at_upper_limit").asLong()).isEqualTo(900);
        assertThat(limitation.get("max_connections_per_ip").asInt()).isEqualTo(12);
        assertThat(limitation.get("max_subscriptions_per_ip").asInt()).isEqualTo(34);
        assertThat(limitation.get("events_per_second_per_ip").asDouble()).isEqualTo(5);
        assertThat(limitation.get("requests_per_second_per_ip").asDouble()).isEqualTo(6);
        assertThat(limitation.get("handshake_timeout_seconds").asInt()).isEqualTo(10);
        assertThat(limitation.get("max_outbound_bytes").asLong()).isEqualTo(8L << 20);
        assertThat(headers.get().get("Content-Type")).isEqualTo("application/nostr+json");
        assertThat(headers.get().get("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(headers.get().get("Access-Control-Allow-Headers")).isNotBlank();
        assertThat(headers.get().get("Access-Control-Allow-Methods")).contains("GET");
    }

    @Test
    void corsPreflightIsAnswered() {
        NostrRelay relay = harness.start();
        Integer status = HttpClient.create()
                .request(io.netty.handler.codec.http.HttpMethod.OPTIONS).uri("http://127.0.0.1:" + relay.port() + "/")
                .response((response, content) -> Mono.just(response.status().code()))
                .blockLast(RawClient.WAIT);
        assertThat(status).isEqualTo(204);
    }

    // ---------------------------------------------------------------- NIP-09

    @Test
    void authorDeletesOwnEventByIdAndTheDeletionIsStored() {
        NostrRelay relay = harness.start();
        RawClient client = harness.connect(relay);
        Event note = note(alice, "regrettable");
        client.publishAndAwait(note);
        Event deletion = signed(alice, 5, now(), "oops", List.of(List.of("e", note.id()), List.of("k", "1")));

        assertThat(client.publishAndAwait(deletion).accepted()).isTrue();

        assertThat(client.query("q", Filter.builder().ids(note.id()).build())).isEmpty();
        assertThat(client.query("d", Filter.builder().kinds(5).build())).containsExactly(deletion);
        RelayMessage.Ok again = client.publishAndAwait(note);
        assertThat(again.accepted()).isFalse();
        assertThat(again.message()).startsWith("blocked: ");
    }

    @Test
    void strangersDeletionRemovesNothingAndNeverBlocksTheAuthor() {
        NostrRelay relay = harness.start();
        RawClient client = harness.connect(relay);
        Event stored = note(alice, "mine");
        Event later = note(alice, "not published yet");
        client.publishAndAwait(stored);

        Event attack = signed(mallory, 5, now(), "", List.of(List.of("e", stored.id()), List.of("e", later.id())));
        assertThat(client.publishAndAwait(attack).accepted()).isTrue();

        assertThat(client.query("q", Filter.builder().ids(stored.id()).build())).containsExactly(stored);
        assertThat(client.publishAndAwait(later).accepted()).isTrue();
    }

    @Test
    void addressDeletionRemovesVersionsUpToItsCreatedAt() {
        NostrRelay relay = harness.start();
        RawClient client = harness.connect(relay);
        long t = now() - 100;
        Event article = signed(alice, 30023, t, "v1", List.of(List.of("d", "post")));
        Event other = signed(alice, 30023, t, "other", List.of(List.of("d", "keep")));
        client.publishAndAwait(article);
        client.publishAndAwait(other);
        Event deletion = signed(alice, 5, t + 10, "",
                List.of(List.of("a", "30023:" + alice.publicKey() + ":post")));

        assertThat(client.publishAndAwait(deletion).accepted()).isTrue();

        assertThat(client.query("q", Filter.builder().kinds(30023).build())).containsExactly(other);
        Event olderVersion = signed(alice, 30023, t + 5, "v0, arriving late", List.of(List.of("d", "post")));
        RelayMessage.Ok late = client.publishAndAwait(olderVersion);
        assertThat(late.accepted()).isFalse();
        assertThat(late.message()).startsWith("blocked: ");
        Event newer = signed(alice, 30023, t + 20, "v2", List.of(List.of("d", "post")));
        assertThat(client.publishAndAwait(newer).accepted()).isTrue();
    }

    @Test
    void deletingADeletionHasNoEffect() {
        NostrRelay relay = harness.start();
        RawClient client = harness.connect(relay);
        Event note = note(alice, "gone");
        client.publishAndAwait(note);
        Event deletion = signed(alice, 5, now(), "", List.of(List.of("e", note.id())));
        client.publishAndAwait(deletion);

        client.publishAndAwait(signed(alice, 5, now(), "undo?", List.of(List.of("e", deletion.id()))));

        assertThat(client.query("q", Filter.builder().ids(deletion.id()).build())).containsExactly(deletion);
        assertThat(client.query("n", Filter.builder().ids(note.id()).build())).isEmpty();
    }

    // ---------------------------------------------------------------- NIP-40

    @Test
    void expiredEventIsRefusedOnArrival() {
        NostrRelay relay = harness.start();
        RawClient client = harness.connect(relay);
        Event expired = signed(alice, 1, now() - 10, "old news", List.of(List.of("expiration", String.valueOf(now() - 5))));

        RelayMessage.Ok ok = client.publishAndAwait(expired);

        assertThat(ok.accepted()).isFalse();
        assertThat(ok.message()).startsWith("invalid: ").contains("expired");
    }

    @Test
    void eventThatExpiresAfterStorageIsNeverReturnedAndIsPurged() {
        MutableClock clock = new MutableClock(Instant.now());
        MemoryEventStore store = MemoryEventStore.create();
        NostrRelay relay = harness.start(store, options -> options.clock(clock)
                .expirationPurgeInterval(Duration.ofMillis(100)));
        RawClient client = harness.connect(relay);
        long at = clock.instant().getEpochSecond();
        Event expiring = signed(alice, 1, at, "soon gone", List.of(List.of("expiration", String.valueOf(at + 60))));
        Event lasting = signed(alice, 1, at, "stays", List.of());
        client.publishAndAwait(expiring);
        client.publishAndAwait(lasting);
        assertThat(client.query("before", Filter.builder().kinds(1).build())).containsExactlyInAnyOrder(expiring, lasting);

        clock.advance(Duration.ofSeconds(120));

        assertThat(client.query("after", Filter.builder().kinds(1).build())).containsExactly(lasting);
        StepVerifier.create(Mono.defer(() -> store.count(List.of(Filter.ALL)))
                        .filter(n -> n == 1)
                        .repeatWhenEmpty(ticks -> ticks.delayElements(Duration.ofMillis(50))))
                .expectNext(1L)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    // ---------------------------------------------------------------- NIP-42

    private static Event authEvent(KeyPair keys, String relayUrl, String challenge) {
        return keys.sign(new UnsignedEvent(now(), 22242,
                List.of(List.of("relay", relayUrl), List.of("challenge", challenge)), ""));
    }

    @Test
    void authenticationUnlocksRestrictedReadsAndWrites() {
        NostrRelay relay = harness.start(options -> options.authRequiredForReads(true).authRequiredForWrites(true));
        RawClient client = RawClient.connect(relay.url());
        try {
            String challenge = client.next(RelayMessage.AuthChallenge.class).challenge();
            Event note = note(alice, "members only");

            RelayMessage.Ok refused = client.publishAndAwait(note);
            assertThat(refused.accepted()).isFalse();
            assertThat(refused.message()).startsWith("auth-required: ");
            client.req("r", Filter.ALL);
            RelayMessage.Closed closed = client.next(RelayMessage.Closed.class);
            assertThat(closed.message()).startsWith("auth-required: ");

            Event wrongChallenge = authEvent(alice, relay.url(), "not-the-challenge");
            client.send(new ClientMessage.Auth(wrongChallenge));
            RelayMessage.Ok bad = client.next(RelayMessage.Ok.class);
            assertThat(bad.accepted()).isFalse();
            assertThat(bad.message()).startsWith("invalid: ");

            Event auth = authEvent(alice, relay.url(), challenge);
            client.send(new ClientMessage.Auth(auth));
            RelayMessage.Ok ok = client.next(RelayMessage.Ok.class);
            assertThat(ok.eventId()).isEqualTo(auth.id());
            assertThat(ok.accepted()).isTrue();

            assertThat(client.publishAndAwait(note).accepted()).isTrue();
            RelayMessage.Ok strangers = client.publishAndAwait(note(mallory, "signed by someone else"));
            assertThat(strangers.accepted()).isFalse();
            assertThat(strangers.message()).startsWith("restricted: ");
            assertThat(client.query("r2", Filter.builder().kinds(1).build())).containsExactly(note);
        } finally {
            client.close();
        }
    }

    @Test
    void authEventsAreNeverPublished() {
        NostrRelay relay = harness.start();
        RawClient client = harness.connect(relay);
        RelayMessage.Ok ok = client.publishAndAwait(authEvent(alice, relay.url(), "x"));
        assertThat(ok.accepted()).isFalse();
        assertThat(ok.message()).startsWith("invalid: ");
    }

    // ---------------------------------------------------------------- NIP-45

    @Test
    void countAnswersHowManyEventsMatch() {
        NostrRelay relay = harness.start();
        RawClient client = harness.connect(relay);
        client.publishAndAwait(note(alice, "one"));
        client.publishAndAwait(note(alice, "two"));
        client.publishAndAwait(note(mallory, "three"));

        client.send(new ClientMessage.Count("c", List.of(Filter.builder().authors(alice.publicKey()).build())));

        RelayMessage.CountResult count = client.next(RelayMessage.CountResult.class);
        assertThat(count.subscriptionId()).isEqualTo("c");
        assertThat(count.count()).isEqualTo(2);
    }

    @Test
    void countLeavesOutEventsThatExpiredAfterStorageBeforeAnyScheduledPurge() {
        MutableClock clock = new MutableClock(Instant.now());
        NostrRelay relay = harness.start(options -> options.clock(clock).expirationPurgeInterval(Duration.ofHours(1)));
        RawClient client = harness.connect(relay);
        long at = clock.instant().getEpochSecond();
        client.publishAndAwait(signed(alice, 1, at, "soon gone", List.of(List.of("expiration", String.valueOf(at + 60)))));
        client.publishAndAwait(signed(alice, 1, at, "stays", List.of()));
        Filter alices = Filter.builder().authors(alice.publicKey()).build();
        assertThat(exactCount(client, alices)).isEqualTo(2);

        clock.advance(Duration.ofSeconds(120));

        assertThat(exactCount(client, alices)).isEqualTo(1);
    }

    /** Asks COUNT until the relay's answer is exact (its start-up scan of the store has finished). */
    private static long exactCount(RawClient client, Filter filter) {
        for (int attempt = 0; attempt < 100; attempt++) {
            client.send(new ClientMessage.Count("c" + attempt, List.of(filter)));
            RelayMessage.CountResult count = client.next(RelayMessage.CountResult.class);
            if (!count.approximate()) {
                return count.count();
            }
        }
        throw new AssertionError("COUNT stayed approximate");
    }

    // ---------------------------------------------------------------- ephemeral and external events

    @Test
    void ephemeralEventsAreDeliveredLiveAndNeverStored() {
        NostrRelay relay = harness.start();
        RawClient subscriber = harness.connect(relay);
        RawClient publisher = harness.connect(relay);
        subscriber.query("e", Filter.builder().kinds(20001).build());
        Event ephemeral = signed(alice, 20001, now(), "typing...", List.of());

        assertThat(publisher.publishAndAwait(ephemeral).accepted()).isTrue();

        assertThat(subscriber.next(RelayMessage.EventMessage.class).event()).isEqualTo(ephemeral);
        assertThat(publisher.query("later", Filter.builder().kinds(20001).build())).isEmpty();
    }

    @Test
    void eventsFromOtherNodesAreDeliveredLiveWithoutStoringThem() {
        reactor.core.publisher.Sinks.Many<Event> otherNodes =
                reactor.core.publisher.Sinks.many().multicast().onBackpressureBuffer(16, false);
        MemoryEventStore store = MemoryEventStore.create();
        NostrRelay relay = harness.start(store, options -> options.externalEvents(otherNodes.asFlux()));
        RawClient subscriber = harness.connect(relay);
        subscriber.query("x", Filter.builder().kinds(1).build());
        Event remote = note(alice, "saved by another node");

        assertThat(otherNodes.tryEmitNext(remote).isSuccess()).isTrue();

        assertThat(subscriber.next(RelayMessage.EventMessage.class).event()).isEqualTo(remote);
        assertThat(store.size()).isZero();
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
