package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.relay.message.RelayMessage;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NIP-01: a REQ (or COUNT) the relay refuses because a filter is invalid is answered with CLOSED on its
 * subscription id and an {@code invalid:} reason, over a real loopback WebSocket; a NOTICE only where the
 * subscription id cannot be read ({@link MalformedInputTest}).
 */
class InvalidReqTest {

    private static final String ID = "ab".repeat(32);

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();
    private NostrRelay relay;
    private RawClient client;
    private Event stored;

    @BeforeEach
    void setUp() {
        relay = harness.start(options -> { });
        client = harness.connect(relay);
        stored = RelayHarness.note(alice, "stored before the bad REQ");
        assertThat(client.publishAndAwait(stored).accepted()).isTrue();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    static Stream<String> invalidRequests() {
        return Stream.of(
            "[\"REQ\",\"s\",{\"kinds\":[65536]}]",
            "[\"REQ\",\"s\",{\"kinds\":[-1]}]",
            "[\"REQ\",\"s\",{\"kinds\":[1.5]}]",
            "[\"REQ\",\"s\",{\"kinds\":\"one\"}]",
            "[\"REQ\",\"s\",{\"ids\":[\"" + "AB" + "ab".repeat(31) + "\"]}]",
            "[\"REQ\",\"s\",{\"ids\":[\"abc\"]}]",
            "[\"REQ\",\"s\",{\"authors\":[\"" + "zz".repeat(32) + "\"]}]",
            "[\"REQ\",\"s\",{\"authors\":[\"" + "ab".repeat(33) + "\"]}]",
            "[\"REQ\",\"s\",{\"since\":-1}]",
            "[\"REQ\",\"s\",{\"until\":-5}]",
            "[\"REQ\",\"s\",{\"limit\":\"ten\"}]",
            "[\"REQ\",\"s\",{\"limit\":-1}]",
            "[\"REQ\",\"s\",{\"#t\":\"not an array\"}]",
            "[\"REQ\",\"s\",{\"unknown_field\":1}]",
            "[\"REQ\",\"s\"]",
            "[\"REQ\",\"s\",42]",
            "[\"REQ\",\"s\",{}] trailing",
            "[\"COUNT\",\"s\"]",
            "[\"COUNT\",\"s\",{\"kinds\":[70000]}]");
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    void anInvalidRequestIsClosedOnItsSubscriptionIdWithAnInvalidReason(String text) {
        client.send(text);

        RelayMessage.Closed closed = client.next(RelayMessage.Closed.class);
        assertThat(closed.subscriptionId()).isEqualTo("s");
        assertThat(closed.message()).startsWith("invalid: ");
        assertThat(client.query("check", Filter.builder().ids(stored.id()).build())).containsExactly(stored);
    }

    @Test
    void aSubscriptionIdOverTheAdvertisedLengthIsClosedOnThatId() {
        String tooLong = "x".repeat(65);
        client.send("[\"REQ\",\"" + tooLong + "\",{}]");

        assertThat(client.nextText()).startsWith("[\"CLOSED\",\"" + tooLong + "\",\"invalid: ");
        String longest = "y".repeat(64);
        assertThat(client.query(longest, Filter.builder().ids(stored.id()).build())).containsExactly(stored);
    }

    @Test
    void anInvalidReplacementEndsTheSubscriptionOfThatId() {
        client.req("s", Filter.builder().kinds(1).limit(0).build());
        client.next(RelayMessage.Eose.class);

        client.send("[\"REQ\",\"s\",{\"kinds\":[-1]}]");
        RelayMessage.Closed closed = client.next(RelayMessage.Closed.class);
        assertThat(closed.subscriptionId()).isEqualTo("s");
        assertThat(closed.message()).startsWith("invalid: ");

        // the old subscription no longer delivers live events
        RawClient other = harness.connect(relay);
        assertThat(other.publishAndAwait(RelayHarness.note(alice, "after")).accepted()).isTrue();
        client.assertNothingWithin(Duration.ofMillis(300));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[\"REQ\",42,{}]",
            "[\"REQ\",\"\",{}]",
            "[\"REQ\",\"s\\\"q\",{\"kinds\":[-1]}]",
            "[\"REQ\"]",
            "[\"CLOSE\",\"s\",1]"
    })
    void aRequestWhoseSubscriptionIdCannotBeReadGetsANotice(String text) {
        client.send(text);

        assertThat(client.next(RelayMessage.Notice.class).message()).startsWith("invalid: ");
        assertThat(client.query("check", Filter.builder().ids(stored.id()).build())).containsExactly(stored);
    }

    @Test
    void aValidIdIsNotMistakenForAnInvalidOne() {
        assertThat(client.query("s", Filter.builder().ids(ID).build())).isEmpty();
    }
}
