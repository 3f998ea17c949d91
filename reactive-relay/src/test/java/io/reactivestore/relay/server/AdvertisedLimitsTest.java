package io.reactivestore.relay.server;

import static io.reactivestore.relay.server.RelayHarness.now;
import static io.reactivestore.relay.server.RelayHarness.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.relay.message.ClientMessage;
import io.reactivestore.relay.message.RelayMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every limit the NIP-11 document advertises holds exactly at its number, read from the document the
 * relay serves, over a real loopback WebSocket: the advertised value is allowed, one more is refused
 * with the NIP-01 prefix the limit calls for (or, for the message length, the connection is closed with
 * 1009, the only answer a frame the relay will not read can get).
 */
class AdvertisedLimitsTest {

    private static final int MAX_CONTENT = 40;
    private static final int MAX_TAGS = 3;

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private static JsonNode limitation(NostrRelay relay) {
        String body = HttpClient.create()
                .headers(h -> h.add("Accept", "application/nostr+json"))
                .get().uri("http://127.0.0.1:" + relay.port() + "/")
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8))
                .block(RawClient.WAIT);
        return JsonMapper.builder().build().readTree(body).get("limitation");
    }

    private Event withContentAndTags(String content, int tags) {
        List<List<String>> list = new ArrayList<>();
        for (int i = 0; i < tags; i++) {
            list.add(List.of("t", "tag" + i));
        }
        return signed(alice, 1, now(), content, list);
    }

    private static String eventMessage(Event event) {
        return "[\"EVENT\"," + event.toJson() + "]";
    }

    private static int bytes(String message) {
        return message.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void contentLengthAndTagCountHoldAtTheirAdvertisedNumbers() {
        NostrRelay relay = harness.start(options -> options.maxContentLength(MAX_CONTENT).maxEventTags(MAX_TAGS));
        JsonNode limits = limitation(relay);
        int maxContent = limits.get("max_content_length").asInt();
        int maxTags = limits.get("max_event_tags").asInt();
        assertThat(maxContent).isEqualTo(MAX_CONTENT);
        assertThat(maxTags).isEqualTo(MAX_TAGS);
        RawClient client = harness.connect(relay);

        assertThat(client.publishAndAwait(withContentAndTags("x".repeat(maxContent), maxTags)).accepted()).isTrue();
        // characters, not UTF-16 units nor bytes: an emoji is one
        assertThat(client.publishAndAwait(withContentAndTags("\uD83D\uDE00".repeat(maxContent), 0)).accepted())
                .isTrue();
        RelayMessage.Ok longer = client.publishAndAwait(withContentAndTags("x".repeat(maxContent + 1), 0));
        assertThat(longer.accepted()).isFalse();
        assertThat(longer.message()).startsWith("invalid: ");
        RelayMessage.Ok moreTags = client.publishAndAwait(withContentAndTags("tags", maxTags + 1));
        assertThat(moreTags.accepted()).isFalse();
        assertThat(moreTags.message()).startsWith("invalid: ");
    }

    @Test
    void aMessageOfExactlyTheAdvertisedLengthIsReadAndOneByteMoreClosesWith1009() {
        // an event at every limit at once: content and tags at their maximum, the message exactly at its own
        int maxContent = 1500; // the relay reads at least 1024-byte messages
        Event atEveryLimit = withContentAndTags("y".repeat(maxContent), MAX_TAGS);
        int length = bytes(eventMessage(atEveryLimit));
        NostrRelay relay = harness.start(options -> options.maxContentLength(maxContent).maxEventTags(MAX_TAGS)
                .maxMessageBytes(length));
        assertThat(limitation(relay).get("max_message_length").asInt()).isEqualTo(length);
        RawClient client = harness.connect(relay);

        client.send(eventMessage(atEveryLimit));
        RelayMessage.Ok ok = client.next(RelayMessage.Ok.class);
        assertThat(ok.eventId()).isEqualTo(atEveryLimit.id());
        assertThat(ok.accepted()).isTrue();

        Event oneMore = withContentAndTags("y".repeat(maxContent - 1) + "\u00e9", MAX_TAGS); // 2 bytes, 1 char
        String tooLong = eventMessage(oneMore);
        assertThat(bytes(tooLong)).isEqualTo(length + 1);
        client.send(tooLong);
        WebSocketCloseStatus status = client.awaitClose();
        assertThat(status).isNotNull();
        assertThat(status.code()).isEqualTo(1009);

        RawClient fresh = harness.connect(relay);
        assertThat(fresh.query("q", Filter.builder().ids(atEveryLimit.id(), oneMore.id()).build()))
                .containsExactly(atEveryLimit);
    }

    /** The stored events of a REQ, whose subscription is then closed. */
    private static List<Event> once(RawClient client, Filter... filters) {
        List<Event> events = client.query("once", filters);
        client.send(new ClientMessage.Close("once"));
        return events;
    }

    @Test
    void subscriptionsFiltersAndLimitClampHoldAtTheirAdvertisedNumbers() {
        NostrRelay relay = harness.start(options -> options.maxSubscriptions(3).maxFiltersPerRequest(2)
                .maxLimit(4).defaultLimit(2));
        JsonNode limits = limitation(relay);
        int maxSubs = limits.get("max_subscriptions").asInt();
        int maxFilters = limits.get("max_filters").asInt();
        int maxLimit = limits.get("max_limit").asInt();
        int defaultLimit = limits.get("default_limit").asInt();
        assertThat(limits.get("max_subid_length").asInt()).isEqualTo(64);
        RawClient client = harness.connect(relay);
        long base = now();
        for (int i = 0; i < maxLimit + 2; i++) {
            assertThat(client.publishAndAwait(signed(alice, 1, base - i, "n" + i, List.of())).accepted()).isTrue();
        }
        Filter notes = Filter.builder().kinds(1).build();

        // limit clamp: at, over, and without a limit (the default); several filters, each clamped on its own
        assertThat(once(client, notes.withLimit(maxLimit))).hasSize(maxLimit);
        assertThat(once(client, notes.withLimit(maxLimit + 1))).hasSize(maxLimit);
        assertThat(once(client, notes)).hasSize(defaultLimit);
        assertThat(once(client, Filter.builder().kinds(1).until(base - 2).limit(1000).build(),
                Filter.builder().kinds(1).limit(1000).build())).hasSize(maxLimit + 2);

        // filters: exactly the advertised number is served, one more is refused as invalid
        List<Filter> atFilterLimit = new ArrayList<>();
        for (int i = 0; i < maxFilters; i++) {
            atFilterLimit.add(Filter.builder().kinds(i + 1).limit(0).build());
        }
        assertThat(once(client, atFilterLimit.toArray(Filter[]::new))).isEmpty();
        List<Filter> overFilterLimit = new ArrayList<>(atFilterLimit);
        overFilterLimit.add(Filter.builder().kinds(9).limit(0).build());
        client.req("f2", overFilterLimit.toArray(Filter[]::new));
        RelayMessage.Closed tooMany = client.next(RelayMessage.Closed.class);
        assertThat(tooMany.subscriptionId()).isEqualTo("f2");
        assertThat(tooMany.message()).startsWith("invalid: ");

        // subscriptions: exactly the advertised number stay open, one more is refused
        for (int i = 0; i < maxSubs; i++) {
            assertThat(client.query("s" + i, notes.withLimit(0))).isEmpty();
        }
        client.req("one-more", notes.withLimit(0));
        RelayMessage.Closed overSubs = client.next(RelayMessage.Closed.class);
        assertThat(overSubs.subscriptionId()).isEqualTo("one-more");
        assertThat(overSubs.message()).startsWith("blocked: ");
        // at the limit, replacing an open subscription is not a new one
        assertThat(client.query("s0", notes.withLimit(1))).hasSize(1);
        client.send(new ClientMessage.Close("s1"));
        assertThat(client.query("after-close", notes.withLimit(1))).hasSize(1);
    }
}
