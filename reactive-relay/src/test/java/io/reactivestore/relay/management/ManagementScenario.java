package io.reactivestore.relay.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.client.OkResult;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelayClientException;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.KeyValueStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * NIP-86 end to end over loopback HTTP and WebSocket, on the store a subclass gives: every method, its effect
 * on EVENT/REQ and NIP-11, and the refusals of bad NIP-98 headers and bad calls.
 */
abstract class ManagementScenario {

    static final Duration WAIT = Nip86Client.WAIT;

    /** A store and its key-values, from the same database. */
    record Stores(EventStore events, KeyValueStore keyValues) {
    }

    protected abstract Stores createStores();

    final KeyPair admin = KeyPair.generate();
    final KeyPair alice = KeyPair.generate();
    final KeyPair bob = KeyPair.generate();
    NostrRelay relay;
    Nip86Client nip86;
    private final List<RelayClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        Stores stores = createStores();
        RelayManagement management = RelayManagement.builder(stores.events(), stores.keyValues())
                .admins(List.of(admin.publicKey())).open().block(WAIT);
        RelayOptions.Builder options = RelayOptions.builder().port(0).expirationPurgeInterval(Duration.ZERO)
                .eventsPerSecondPerIp(0).requestsPerSecondPerIp(0).pingInterval(Duration.ZERO);
        relay = NostrRelay.start(stores.events(), management.install(options).build()).block(WAIT);
        nip86 = new Nip86Client("http://127.0.0.1:" + relay.port() + "/", admin);
    }

    @AfterEach
    void stop() {
        clients.forEach(client -> client.close().block(WAIT));
        relay.shutdown().block(WAIT);
        cleanup();
    }

    /** Runs after the relay (and with it the store) is shut down. */
    protected void cleanup() {
    }

    RelayClient client() {
        RelayClient client = RelayClient.create(relay.url());
        clients.add(client);
        return client;
    }

    static Event note(KeyPair keys, String content) {
        return keys.sign(UnsignedEvent.of(1, content));
    }

    OkResult publish(Event event) {
        return client().publish(event).block(WAIT);
    }

    void assertTrueResult(Nip86Client.Answer answer) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.result().asBoolean()).isTrue();
    }

    @Test
    void supportedMethodsListsEveryMethod() {
        Nip86Client.Answer answer = nip86.call("supportedmethods");
        assertThat(answer.status()).isEqualTo(200);
        List<String> methods = new ArrayList<>();
        answer.result().forEach(node -> methods.add(node.asString()));
        assertThat(methods).containsExactlyElementsOf(ManagementRpc.METHODS);
    }

    @Test
    void aBannedPubkeyIsRefusedAtOnceUntilUnbanned() {
        assertThat(publish(note(alice, "before")).accepted()).isTrue();

        assertTrueResult(nip86.call("banpubkey", alice.publicKey(), "spam"));

        OkResult refused = publish(note(alice, "after"));
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.message()).startsWith("blocked:");
        assertThat(publish(note(bob, "others still write")).accepted()).isTrue();
        JsonNode listed = nip86.call("listbannedpubkeys").result();
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("pubkey").asString()).isEqualTo(alice.publicKey());
        assertThat(listed.get(0).get("reason").asString()).isEqualTo("spam");

        assertTrueResult(nip86.call("unbanpubkey", alice.publicKey()));
        assertThat(publish(note(alice, "forgiven")).accepted()).isTrue();
        assertThat(nip86.call("listbannedpubkeys").result().size()).isZero();
    }

    @Test
    void onceAnyPubkeyIsAllowedOnlyAllowedPubkeysPublish() {
        assertTrueResult(nip86.call("allowpubkey", alice.publicKey()));

        assertThat(publish(note(alice, "member")).accepted()).isTrue();
        OkResult stranger = publish(note(bob, "stranger"));
        assertThat(stranger.accepted()).isFalse();
        assertThat(stranger.message()).startsWith("blocked:");
        assertThat(nip86.call("listallowedpubkeys").result().get(0).get("pubkey").asString())
                .isEqualTo(alice.publicKey());

        assertTrueResult(nip86.call("unallowpubkey", alice.publicKey()));
        assertThat(publish(note(bob, "open again")).accepted()).isTrue();
    }

    @Test
    void aBannedEventIsDeletedAndCannotComeBackUntilAllowed() {
        Event note = note(alice, "offending");
        assertThat(publish(note).accepted()).isTrue();

        assertTrueResult(nip86.call("banevent", note.id(), "illegal"));

        assertThat(client().fetch(Filter.builder().ids(note.id()).build()).collectList().block(WAIT)).isEmpty();
        OkResult again = publish(note);
        assertThat(again.accepted()).isFalse();
        assertThat(again.message()).startsWith("blocked:");
        JsonNode listed = nip86.call("listbannedevents").result();
        assertThat(listed.get(0).get("id").asString()).isEqualTo(note.id());
        assertThat(listed.get(0).get("reason").asString()).isEqualTo("illegal");
        assertThat(nip86.call("listeventsneedingmoderation").result().size()).isZero();

        assertTrueResult(nip86.call("allowevent", note.id()));
        assertThat(publish(note).accepted()).isTrue();
        assertThat(client().fetch(Filter.builder().ids(note.id()).build()).collectList().block(WAIT))
                .containsExactly(note);
    }

    @Test
    void nameDescriptionAndIconChangeInNip11AtOnce() {
        JsonNode before = nip86.information();
        assertThat(before.get("supported_nips").toString()).contains("86");

        assertTrueResult(nip86.call("changerelayname", "renamed"));
        assertTrueResult(nip86.call("changerelaydescription", "a described relay"));
        assertTrueResult(nip86.call("changerelayicon", "https://example.com/icon.png"));

        JsonNode after = nip86.information();
        assertThat(after.get("name").asString()).isEqualTo("renamed");
        assertThat(after.get("description").asString()).isEqualTo("a described relay");
        assertThat(after.get("icon").asString()).isEqualTo("https://example.com/icon.png");
        assertThat(after.get("limitation")).isNotNull();
    }

    @Test
    void onceAnyKindIsAllowedOnlyAllowedKindsAreAccepted() {
        assertTrueResult(nip86.call("allowkind", 1));
        assertTrueResult(nip86.call("allowkind", 30023));

        assertThat(publish(note(alice, "a note")).accepted()).isTrue();
        OkResult reaction = publish(alice.sign(UnsignedEvent.of(7, "+")));
        assertThat(reaction.accepted()).isFalse();
        assertThat(reaction.message()).startsWith("blocked:");
        assertThat(nip86.call("listallowedkinds").result().toString()).isEqualTo("[1,30023]");

        assertTrueResult(nip86.call("disallowkind", 30023));
        assertTrueResult(nip86.call("disallowkind", 1));
        assertThat(publish(alice.sign(UnsignedEvent.of(7, "+"))).accepted()).isTrue();
    }

    @Test
    void aBlockedAddressCanNeitherPublishNorSubscribe() {
        assertTrueResult(nip86.call("blockip", "127.0.0.1", "abuse"));

        OkResult refused = publish(note(alice, "from a blocked address"));
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.message()).startsWith("blocked:");
        StepVerifier.create(client().fetch(Filter.builder().kinds(1).build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(RelayClientException.ClosedByRelay.class)
                        .hasMessageContaining("blocked:"))
                .verify(WAIT);
        JsonNode listed = nip86.call("listblockedips").result();
        assertThat(listed.get(0).get("ip").asString()).isEqualTo("127.0.0.1");

        assertTrueResult(nip86.call("unblockip", "127.0.0.1"));
        assertThat(publish(note(alice, "unblocked")).accepted()).isTrue();
    }

    @Test
    void badAuthorizationIsAnswered401AndChangesNothing() {
        String body = Nip86Client.body("banpubkey", alice.publicKey());
        long now = java.time.Instant.now().getEpochSecond();
        List<String> headers = List.of(
                "Nostr " + "not base64!",
                "Basic dXNlcjpwYXNz",
                Nip86Client.header(nip86.authEvent(body, e -> e.withTags(Nip86Client.without(e, "u"))
                        .withTag("u", "http://other.example.com/"))),
                Nip86Client.header(nip86.authEvent(body, e -> e.withTags(Nip86Client.without(e, "method"))
                        .withTag("method", "GET"))),
                Nip86Client.header(nip86.authEvent(body, e -> e.withTags(Nip86Client.without(e, "payload"))
                        .withTag("payload", HttpAuth.sha256("{}")))),
                Nip86Client.header(nip86.authEvent(body, e -> e.withTags(Nip86Client.without(e, "payload")))),
                Nip86Client.header(nip86.authEvent(body, e -> e.withCreatedAt(now - 120))),
                Nip86Client.header(nip86.authEvent(body, e -> e.withCreatedAt(now + 120))),
                Nip86Client.header(bob.sign(UnsignedEvent.of(27235, "").withTag("u", "http://127.0.0.1:"
                        + relay.port() + "/").withTag("method", "POST").withTag("payload", HttpAuth.sha256(body)))),
                Nip86Client.header(forged(nip86.authEvent(body, e -> e))),
                Nip86Client.header(nip86.authEvent(body, e -> new UnsignedEvent(e.createdAt(), 1, e.tags(), ""))));
        Nip86Client.Answer missing = nip86.post(body, null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.error()).contains("Authorization");
        for (String header : headers) {
            Nip86Client.Answer answer = nip86.post(body, header);
            assertThat(answer.status()).as(header).isEqualTo(401);
            assertThat(answer.error()).as(header).isNotBlank();
            assertThat(answer.body().has("result")).isTrue();
        }

        assertThat(nip86.call("listbannedpubkeys").result().size()).isZero();
        assertThat(publish(note(alice, "still allowed")).accepted()).isTrue();
    }

    /** The same event with its signature's last byte changed. */
    private static Event forged(Event event) {
        String sig = event.sig();
        char last = sig.charAt(sig.length() - 1) == '0' ? '1' : '0';
        return Event.of(event.id(), event.pubkey(), event.createdAt(), event.kind(), event.tags(), event.content(),
                sig.substring(0, sig.length() - 1) + last);
    }

    @Test
    void aReplayedAuthorizationIsRefused() {
        String body = Nip86Client.body("banpubkey", alice.publicKey());
        String header = Nip86Client.header(nip86.authEvent(body, e -> e));
        assertTrueResult(nip86.post(body, header));
        assertTrueResult(nip86.call("unbanpubkey", alice.publicKey()));

        Nip86Client.Answer replay = nip86.post(body, header);

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.error()).contains("replay");
        assertThat(nip86.call("listbannedpubkeys").result().size()).isZero();
    }

    @Test
    void badCallsGetAnErrorAndTheRelayKeepsWorking() {
        List<String> bodies = List.of("not json", "[1,2]", "{\"params\":[]}", "{\"method\":7}",
                "{\"method\":\"banpubkey\",\"params\":\"x\"}", Nip86Client.body("nosuchmethod"),
                Nip86Client.body("banpubkey", "zz"), Nip86Client.body("banpubkey"),
                Nip86Client.body("banpubkey", alice.publicKey(), 5), Nip86Client.body("allowkind", 70000),
                Nip86Client.body("allowkind", "1"), Nip86Client.body("blockip", "example.com"),
                Nip86Client.body("blockip", "300.1.1.1"), Nip86Client.body("blockip", "1:2:3"),
                Nip86Client.body("changerelayname", "x".repeat(KeyValueStore.MAX_VALUE_LENGTH + 1)),
                Nip86Client.body("banevent", 12));
        for (String body : bodies) {
            Nip86Client.Answer answer = nip86.post(body, Nip86Client.header(nip86.authEvent(body, e -> e)));
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.error()).as(body).isNotBlank();
        }
        String huge = "{\"method\":\"supportedmethods\",\"params\":[\"" + "x".repeat(RelayManagement.MAX_BODY) + "\"]}";
        assertThat(nip86.post(huge, Nip86Client.header(nip86.authEvent(huge, e -> e))).status()).isEqualTo(413);

        assertThat(nip86.call("listbannedpubkeys").status()).isEqualTo(200);
        assertThat(publish(note(alice, "the relay still works")).accepted()).isTrue();
    }
}
