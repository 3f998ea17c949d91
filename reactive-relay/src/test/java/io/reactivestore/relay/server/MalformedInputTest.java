package io.reactivestore.relay.server;

import static io.reactivestore.relay.server.RelayHarness.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.relay.message.RelayMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input a polite client never sends: each one is answered and the connection stays usable. */
class MalformedInputTest {

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();
    private NostrRelay relay;
    private RawClient client;
    private Event acknowledged;

    @BeforeEach
    void setUp() {
        relay = harness.start(options -> options.maxMessageBytes(4096).maxSubscriptions(3).maxFiltersPerRequest(2));
        client = harness.connect(relay);
        acknowledged = note(alice, "acknowledged before the bad input");
        assertThat(client.publishAndAwait(acknowledged).accepted()).isTrue();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    /** The connection still answers, and the event acknowledged before is still there. */
    private void assertStillUsable(RawClient c) {
        assertThat(c.query("check", Filter.builder().ids(acknowledged.id()).build())).containsExactly(acknowledged);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json at all",
            "{\"an\":\"object\"}",
            "[]",
            "[42]",
            "[\"HELLO\",\"unknown verb\"]",
            "[\"REQ\"]",
            "[\"REQ\",42,{}]",
            "[\"REQ\",\"\",{}]",
            "[\"CLOSE\"]",
            "[\"EVENT\",\"not an event\"]",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            "[\"REQ\",\"s\\u0041\",{\"kinds\":\"one\"}]"
    })
    void malformedMessageWithoutAReadableSubscriptionIdGetsANoticeAndTheConnectionStaysUsable(String text) {
        client.send(text);

        RelayMessage.Notice notice = client.next(RelayMessage.Notice.class);
        assertThat(notice.message()).startsWith("invalid: ");
        assertStillUsable(client);
    }

    @Test
    void eventWithWrongFieldTypeIsRefusedWithItsId() {
        String json = acknowledged.toJson().replace("\"kind\":1", "\"kind\":\"1\"");
        Event other = note(alice, "other");
        String broken = other.toJson().replace("\"kind\":1", "\"kind\":\"1\"");
        client.send("[\"EVENT\"," + broken + "]");

        RelayMessage.Ok ok = client.next(RelayMessage.Ok.class);
        assertThat(ok.eventId()).isEqualTo(other.id());
        assertThat(ok.accepted()).isFalse();
        assertThat(ok.message()).startsWith("invalid: ");
        assertThat(json).isNotEqualTo(acknowledged.toJson());
        assertStillUsable(client);
    }

    @Test
    void invalidSignatureIsRefused() {
        Event good = note(alice, "to be forged");
        Event forged = Event.of(good.id(), good.pubkey(), good.createdAt(), good.kind(), good.tags(), good.content(),
                note(alice, "another").sig());

        RelayMessage.Ok ok = client.publishAndAwait(forged);

        assertThat(ok.accepted()).isFalse();
        assertThat(ok.message()).startsWith("invalid: ").contains("sig");
        assertThat(client.query("q", Filter.builder().ids(good.id()).build())).isEmpty();
    }

    @Test
    void idThatIsNotTheHashIsRefused() {
        Event good = note(alice, "original");
        Event tampered = Event.of(good.id(), good.pubkey(), good.createdAt(), good.kind(), good.tags(), "changed",
                good.sig());

        RelayMessage.Ok ok = client.publishAndAwait(tampered);

        assertThat(ok.accepted()).isFalse();
        assertThat(ok.message()).startsWith("invalid: ").contains("id");
        assertStillUsable(client);
    }

    @Test
    void binaryFrameGetsANotice() {
        client.sendBinary(new byte[] {1, 2, 3});

        assertThat(client.next(RelayMessage.Notice.class).message()).startsWith("invalid: ");
        assertStillUsable(client);
    }

    @Test
    void pongFramesAreNotMessages() {
        // Every WebSocket client answers the relay's pings with pongs, and RFC 6455 allows unsolicited ones.
        client.sendFrame(new PongWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {7})));
        client.req("after-pong", Filter.builder().ids(acknowledged.id()).build());

        assertThat(client.next()).isEqualTo(new RelayMessage.EventMessage("after-pong", acknowledged));
        assertThat(client.next()).isEqualTo(new RelayMessage.Eose("after-pong"));
    }

    @Test
    void invalidUtf8GetsANoticeAndTheConnectionStaysUsable() {
        byte[] bytes = "[\"REQ\",\"s?\",{}]".getBytes(StandardCharsets.UTF_8);
        bytes[9] = (byte) 0xFF;
        client.sendBytes(bytes);

        RelayMessage.Notice notice = client.next(RelayMessage.Notice.class);
        assertThat(notice.message()).startsWith("invalid: ").contains("UTF-8");
        assertStillUsable(client);
    }

    @Test
    void hugeFrameClosesTheConnectionWithStatus1009() {
        client.send("[\"EVENT\",\"" + "x".repeat(10_000) + "\"]");

        WebSocketCloseStatus status = client.awaitClose();
        assertThat(status).isNotNull();
        assertThat(status.code()).isEqualTo(1009);
        assertStillUsable(harness.connect(relay));
    }

    @Test
    void floodOfReqsPastTheLimitIsClosedOneByOne() {
        for (int i = 0; i < 10; i++) {
            client.req("sub" + i, Filter.builder().kinds(1).limit(0).build());
        }
        int eose = 0;
        int closed = 0;
        while (eose + closed < 10) {
            RelayMessage message = client.next();
            if (message instanceof RelayMessage.Eose) {
                eose++;
            } else if (message instanceof RelayMessage.Closed c) {
                assertThat(c.message()).startsWith("blocked: ");
                closed++;
            }
        }
        assertThat(eose).isEqualTo(3);
        assertThat(closed).isEqualTo(7);
        client.send(new io.reactivestore.relay.message.ClientMessage.Close("sub0"));
        assertStillUsable(client);
    }

    @Test
    void tooManyFiltersIsClosedAsInvalid() {
        client.req("wide", Filter.builder().kinds(1).build(), Filter.builder().kinds(2).build(),
                Filter.builder().kinds(3).build());

        RelayMessage.Closed closed = client.next(RelayMessage.Closed.class);
        assertThat(closed.subscriptionId()).isEqualTo("wide");
        assertThat(closed.message()).startsWith("invalid: ");
        assertStillUsable(client);
    }
}
