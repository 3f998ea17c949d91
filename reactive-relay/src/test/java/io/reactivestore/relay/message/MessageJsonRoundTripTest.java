package io.reactivestore.relay.message;

import static io.reactivestore.event.ModelFixtures.ALICE;
import static io.reactivestore.event.ModelFixtures.BOB;
import static io.reactivestore.event.ModelFixtures.SIGNED;
import static io.reactivestore.event.ModelFixtures.oddlyFormatted;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.ModelFixtures;
import io.reactivestore.event.NostrJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code parse(write(m)) == m} for every client and relay message type; events inside keep their exact bytes. */
class MessageJsonRoundTripTest {

    @Test
    void theEventInsideAMessageKeepsExactlyItsOwnBytes() {
        String odd = oddlyFormatted(SIGNED);
        byte[] message = ("[ \"EVENT\" ,  " + odd + "  ]").getBytes(StandardCharsets.UTF_8);
        ClientMessage decoded = MessageJson.parseClientMessage(message);

        assertThat(decoded).isInstanceOf(ClientMessage.Publish.class);
        assertThat(((ClientMessage.Publish) decoded).event().toJson()).isEqualTo(odd);
    }

    @Test
    void writingARelayEventMessageEmbedsTheEventsBytesVerbatim() {
        String odd = oddlyFormatted(SIGNED);
        Event parsed = NostrJson.parseEvent(odd);

        byte[] written = MessageJson.write(new RelayMessage.EventMessage("sub \"1\"", parsed));

        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo("[\"EVENT\",\"sub \\\"1\\\"\"," + odd + "]");
        RelayMessage back = MessageJson.parseRelayMessage(written);
        assertThat(((RelayMessage.EventMessage) back).event().toJson()).isEqualTo(odd);
    }

    @Test
    void writingAPublishEmbedsTheEventsBytesVerbatim() {
        String odd = oddlyFormatted(SIGNED);
        byte[] written = MessageJson.write(new ClientMessage.Publish(NostrJson.parseEvent(odd)));
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo("[\"EVENT\"," + odd + "]");
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
        ClientMessage back = MessageJson.parseClientMessage(MessageJson.write(message));
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
        RelayMessage back = MessageJson.parseRelayMessage(MessageJson.write(message));
        assertThat(back).isEqualTo(message);
        if (message instanceof RelayMessage.EventMessage m) {
            assertThat(((RelayMessage.EventMessage) back).event().jsonBytes()).isEqualTo(m.event().jsonBytes());
        }
    }

    @Test
    void relayTextsMayBeLeftOutAndReadAsEmpty() {
        assertThat(MessageJson.parseRelayMessage("[\"NOTICE\"]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new RelayMessage.Notice(""));
        assertThat(MessageJson.parseRelayMessage(("[\"OK\",\"x\",true]").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new RelayMessage.Ok("x", true, ""));
        assertThat(MessageJson.parseRelayMessage(("[\"CLOSED\",\"s\"]").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new RelayMessage.Closed("s", ""));
    }

    @Test
    void writtenMessagesAreCompactWithControlCharactersEscaped() {
        String written = new String(MessageJson.write(new RelayMessage.Notice("a\u0001b\nc")), StandardCharsets.UTF_8);
        assertThat(written).isEqualTo("[\"NOTICE\",\"a\\u0001b\\nc\"]");
    }
}
