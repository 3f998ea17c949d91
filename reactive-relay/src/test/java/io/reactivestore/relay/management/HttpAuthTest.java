package io.reactivestore.relay.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** NIP-98 checks without a server: URL forms, the time window's edges, replays. */
class HttpAuthTest {

    private static final long NOW = 1_700_000_000L;
    private static final String URL = "http://relay.example.com/";

    private final KeyPair admin = KeyPair.generate();
    private final HttpAuth auth = new HttpAuth(Set.of(admin.publicKey()));

    private String header(long createdAt, byte[] body) {
        Event event = admin.sign(UnsignedEvent.of(27235, "").withCreatedAt(createdAt).withTag("u", URL)
                .withTag("method", "POST").withTag("payload", HttpAuth.sha256(body)));
        return Nip86Client.header(event);
    }

    @Test
    void webSocketAndHttpFormsOfOneUrlCompareEqual() {
        assertThat(HttpAuth.normalise("wss://Relay.Example.com")).isEqualTo("https://relay.example.com/");
        assertThat(HttpAuth.normalise("ws://127.0.0.1:7777/")).isEqualTo("http://127.0.0.1:7777/");
        assertThat(HttpAuth.normalise("https://relay.example.com/Path?q=1")).isEqualTo("https://relay.example.com/Path?q=1");
        assertThat(HttpAuth.normalise("wss://relay.example.com/")).isNotEqualTo(HttpAuth.normalise("ws://relay.example.com/"));
    }

    @Test
    void theWindowIsSixtySecondsEachWay() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Set<String> urls = Set.of(HttpAuth.normalise(URL));
        for (long createdAt : List.of(NOW - 60, NOW + 60)) {
            assertThat(auth.check(header(createdAt, body), "POST", urls, body, NOW)).isEqualTo(admin.publicKey());
        }
        for (long createdAt : List.of(NOW - 61, NOW + 61)) {
            String header = header(createdAt, body);
            assertThatThrownBy(() -> auth.check(header, "POST", urls, body, NOW))
                    .isInstanceOf(HttpAuth.Refused.class).hasMessageContaining("created_at");
        }
    }

    @Test
    void anEventIsAcceptedOnceEvenWithinTheWindow() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Set<String> urls = Set.of(HttpAuth.normalise(URL));
        String header = header(NOW, body);
        auth.check(header, "POST", urls, body, NOW);
        assertThatThrownBy(() -> auth.check(header, "POST", urls, body, NOW + 30))
                .isInstanceOf(HttpAuth.Refused.class).hasMessageContaining("replay");
    }
}
