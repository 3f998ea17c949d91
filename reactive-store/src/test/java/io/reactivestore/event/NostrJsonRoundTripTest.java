package io.reactivestore.event;

import static io.reactivestore.event.ModelFixtures.ALICE;
import static io.reactivestore.event.ModelFixtures.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact-bytes preservation of parsed events, and {@code parse(write(m)) == m} for every client and
 * relay message type.
 */
class NostrJsonRoundTripTest {

    private static final Event SIGNED = ModelFixtures.note(ALICE, 1_700_000_000, "hello \"world\"\n\u00e9\uD83D\uDE80",
            List.of(List.of("t", "nostr"), List.of("p", BOB.publicKey(), "wss://relay.example/")));

    /** The signed event written by hand with odd key order, whitespace, escapes and unknown fields. */
    private static String oddlyFormatted(Event e) {
        return "{ \"sig\" : \"" + e.sig() + "\",\n\t\"extra\": {\"nested\": [1, 2.5, null, {\"deep\": true}]},"
                + " \"content\":\"hello \\\"world\\\"\\n\\u00e9\\ud83d\\ude80\", \"tags\" : [ [\"t\",\"nostr\"] ,"
                + " [\"p\",\"" + BOB.publicKey() + "\",\"wss:\\/\\/relay.example\\/\"]],"
                + "\"kind\":1, \"created_at\":1700000000 ,\"pubkey\":\"" + e.pubkey() + "\",\"id\":\"" + e.id()
                + "\", \"zzz\": \"unknown\" }";
    }

    @Test
    void aParsedEventKeepsTheExactBytesItCameIn() {
        String odd = oddlyFormatted(SIGNED);
        Event parsed = NostrJson.parseEvent(odd);

        assertThat(parsed.toJson()).isEqualTo(odd);
        assertThat(parsed.jsonBytes()).isEqualTo(odd.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.jsonLength()).isEqualTo(odd.getBytes(StandardCharsets.UTF_8).length);
        assertThat(parsed.content()).isEqualTo(SIGNED.content());
        assertThat(parsed.tags()).isEqualTo(SIGNED.tags());
        assertThat(parsed.verify()).isEqualTo(SIGNED);
    }

    @Test
    void theEventInsideAMessageKeepsExactlyItsOwnBytes() {
        String odd = oddlyFormatted(SIGNED);
        byte[] message = ("[ \"EVENT\" ,  " + odd + "  ]").getBytes(StandardCharsets.UTF_8);
        ClientMessage decoded = NostrJson.parseClientMessage(message);

        assertThat(decoded).isInstanceOf(ClientMessage.Publish.class);
        assertThat(((ClientMessage.Publish) decoded).event().toJson()).isEqualTo(odd);
    }

    @Test
    void writingARelayEventMessageEmbedsTheEventsBytesVerbatim() {
        String odd = oddlyFormatted(SIGNED);
        Event parsed = NostrJson.parseEvent(odd);

        byte[] written = NostrJson.write(new RelayMessage.EventMessage("sub \"1\"", parsed));

        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo("[\"EVENT\",\"sub \\\"1\\\"\"," + odd + "]");
        RelayMessage back = NostrJson.parseRelayMessage(written);
        assertThat(((RelayMessage.EventMessage) back).event().toJson()).isEqualTo(odd);
    }

    @Test
    void writingAPublishEmbedsTheEventsBytesVerbatim() {
        String odd = oddlyFormatted(SIGNED);
        byte[] written = NostrJson.write(new ClientMessage.Publish(NostrJson.parseEvent(odd)));
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo("[\"EVENT\"," + odd + "]");
    }

    @Test
    void anEventBuiltInCodeHasCompactJsonThatParsesBackToTheSameEvent() {
        String json = SIGNED.toJson();
        assertThat(json).doesNotContain(" \"").startsWith("{\"id\":\"" + SIGNED.id() + "\"");
        Event back = NostrJson.parseEvent(json);
        assertThat(back.jsonBytes()).isEqualTo(SIGNED.jsonBytes());
        assertThat(back.content()).isEqualTo(SIGNED.content());
        assertThat(back.tags()).isEqualTo(SIGNED.tags());
        assertThat(back.createdAt()).isEqualTo(SIGNED.createdAt());
        assertThat(back.hasValidId()).isTrue();
        assertThat(back.hasValidSignature()).isTrue();
    }

    @Test
    void aByteOrderMarkBeforeTheEventIsNotPartOfItsBytes() {
        String json = SIGNED.toJson();
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] input = new byte[3 + SIGNED.jsonLength()];
        System.arraycopy(bom, 0, input, 0, 3);
        System.arraycopy(SIGNED.jsonBytes(), 0, input, 3, SIGNED.jsonLength());

        Event parsed = NostrJson.parseEvent(input);

        assertThat(parsed.toJson()).isEqualTo(json);
    }

    @Test
    void theJsonViewsCannotChangeTheEvent() {
        Event parsed = NostrJson.parseEvent(oddlyFormatted(SIGNED));
        byte[] copy = parsed.jsonBytes();
        copy[0] = 'X';
        ByteBuffer view = parsed.json();

        assertThat(view.isReadOnly()).isTrue();
        assertThat(parsed.toJson()).startsWith("{ ");
        assertThat(parsed.jsonBytes()[0]).isEqualTo((byte) '{');
    }

    static Stream<ClientMessage> clientMessages() {
        Filter full = Filter.builder().ids(SIGNED.id()).authors(ALICE.publicKey(), BOB.publicKey()).kinds(1, 7, 30023)
                .tag("t", "nostr", "zap").tag("P", "x").since(10).until(20).limit(50).build();
        return Stream.of(
                new ClientMessage.Publish(SIGNED),
                new ClientMessage.Auth(ModelFixtures.signed(22242, 1_700_000_000,
                        List.of(List.of("relay", "wss://r/"), List.of("challenge", "c\u00e9")))),
                new ClientMessage.Req("sub", List.of(Filter.ALL)),
                new ClientMessage.Req("s\"\\\u00e9\uD83D\uDE80", List.of(full, Filter.builder().limit(0).build())),
                new ClientMessage.Count("count-1", List.of(full)),
                new ClientMessage.Close("sub \u0001 with control"));
    }

    @ParameterizedTest
    @MethodSource("clientMessages")
    void everyClientMessageSurvivesARoundTrip(ClientMessage message) {
        ClientMessage back = NostrJson.parseClientMessage(NostrJson.write(message));
        assertThat(back).isEqualTo(message);
        if (message instanceof ClientMessage.Publish m) {
            assertThat(((ClientMessage.Publish) back).event().jsonBytes()).isEqualTo(m.event().jsonBytes());
        } else if (message instanceof ClientMessage.Auth m) {
            assertThat(((ClientMessage.Auth) back).event().jsonBytes()).isEqualTo(m.event().jsonBytes());
        }
    }

    static Stream<RelayMessage> relayMessages() {
        return Stream.of(
                new RelayMessage.EventMessage("sub", SIGNED),
                new RelayMessage.Ok(SIGNED.id(), true, ""),
                new RelayMessage.Ok(SIGNED.id(), false, "invalid: bad \"sig\"\n"),
                new RelayMessage.Eose("sub"),
                new RelayMessage.Closed("sub", "error: shutting down"),
                new RelayMessage.Notice("h\u00e9llo \uD83C\uDF0D \u2028 \u0000 \t"),
                new RelayMessage.AuthChallenge("challenge-\u00e9"),
                new RelayMessage.CountResult("sub", 0, false),
                new RelayMessage.CountResult("sub", Long.MAX_VALUE, true));
    }

    @ParameterizedTest
    @MethodSource("relayMessages")
    void everyRelayMessageSurvivesARoundTrip(RelayMessage message) {
        RelayMessage back = NostrJson.parseRelayMessage(NostrJson.write(message));
        assertThat(back).isEqualTo(message);
        if (message instanceof RelayMessage.EventMessage m) {
            assertThat(((RelayMessage.EventMessage) back).event().jsonBytes()).isEqualTo(m.event().jsonBytes());
        }
    }

    @Test
    void relayTextsMayBeLeftOutAndReadAsEmpty() {
        assertThat(NostrJson.parseRelayMessage("[\"NOTICE\"]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new RelayMessage.Notice(""));
        assertThat(NostrJson.parseRelayMessage(("[\"OK\",\"x\",true]").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new RelayMessage.Ok("x", true, ""));
        assertThat(NostrJson.parseRelayMessage(("[\"CLOSED\",\"s\"]").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new RelayMessage.Closed("s", ""));
    }

    @Test
    void writtenMessagesAreCompactWithControlCharactersEscaped() {
        String written = new String(NostrJson.write(new RelayMessage.Notice("a\u0001b\nc")), StandardCharsets.UTF_8);
        assertThat(written).isEqualTo("[\"NOTICE\",\"a\\u0001b\\nc\"]");
    }

    @Test
    void filtersSurviveARoundTripThroughTheirOwnJson() {
        Filter filter = Filter.builder().authors(ALICE.publicKey()).kinds(0, 65535).tag("e", SIGNED.id())
                .tag("t", "\u00e9", "\"q\"").since(0).until(Long.MAX_VALUE).limit(Integer.MAX_VALUE).build();
        assertThat(NostrJson.parseFilter(NostrJson.toJson(filter))).isEqualTo(filter);
        assertThat(NostrJson.parseFilter(NostrJson.toJson(Filter.ALL))).isEqualTo(Filter.ALL);
        assertThat(NostrJson.toJson(Filter.ALL)).isEqualTo("{}");
    }

    @Test
    void aLimitAboveIntRangeIsCappedNotRejected() {
        assertThat(NostrJson.parseFilter("{\"limit\":9999999999}").limit()).isEqualTo(Integer.MAX_VALUE);
    }
}
