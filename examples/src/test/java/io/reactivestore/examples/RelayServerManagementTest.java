package io.reactivestore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.client.RelayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --admin-pubkeys}: the NIP-86 API on the relay's URL, advertised in NIP-11 only when on. */
class RelayServerManagementTest {

    private static final Duration TIMEOUT = RelayServerUnderTest.TIMEOUT;

    @RegisterExtension
    final RelayServerUnderTest server = new RelayServerUnderTest();

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                .send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private java.util.List<Integer> supportedNips() throws Exception {
        String document = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.relay().port() + "/"))
                .header("Accept", "application/nostr+json").GET()).body();
        java.util.List<Integer> nips = new java.util.ArrayList<>();
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(document).get("supported_nips")
                .forEach(nip -> nips.add(nip.asInt()));
        return nips;
    }

    @Test
    void adminPubkeysTurnTheApiOnAndABanTakesEffect() throws Exception {
        KeyPair admin = KeyPair.generate();
        KeyPair spammer = KeyPair.generate();
        server.start("--port", "0", "--in-memory", "--warm-up-requests", "0", "--admin-pubkeys",
                " " + admin.publicKey().toUpperCase(java.util.Locale.ROOT) + " ,");
        assertThat(supportedNips()).contains(1, 11, 86);
        String url = "http://127.0.0.1:" + server.relay().port() + "/";
        String body = "{\"method\":\"banpubkey\",\"params\":[\"" + spammer.publicKey() + "\",\"spam\"]}";
        Event auth = admin.sign(UnsignedEvent.of(27235, "").withCreatedAt(Instant.now().getEpochSecond())
                .withTag("u", url).withTag("method", "POST").withTag("payload", HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)))));

        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/nostr+json+rpc")
                .header("Authorization", "Nostr " + Base64.getEncoder().encodeToString(
                        auth.toJson().getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"result\":true}");
        RelayClient client = RelayClient.create(server.relay().url());
        try {
            assertThat(client.publish(spammer.sign(UnsignedEvent.of(1, "buy now"))).block(TIMEOUT).message())
                    .startsWith("blocked:");
        } finally {
            client.close().block(TIMEOUT);
        }
    }

    @Test
    void withoutAdminsThereIsNoApiAndNo86() throws Exception {
        server.start("--port", "0", "--in-memory", "--warm-up-requests", "0");
        assertThat(supportedNips()).contains(1, 11).doesNotContain(86);
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.relay().port() + "/"))
                .header("Content-Type", "application/nostr+json+rpc")
                .POST(HttpRequest.BodyPublishers.ofString("{\"method\":\"supportedmethods\",\"params\":[]}")));
        assertThat(answer.statusCode()).isEqualTo(405);
    }

    @Test
    void adminPubkeysMustBeHexKeys() {
        assertThatIllegalArgumentException().isThrownBy(() -> RelayServerSettings.parse(
                new String[] {"--admin-pubkeys", "npub1notsupported"}, name -> null).adminPubkeys())
                .withMessageContaining("--admin-pubkeys");
        assertThat(RelayServerSettings.parse(new String[0], name -> null).adminPubkeys()).isEmpty();
    }
}
