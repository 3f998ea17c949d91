package io.reactivestore.relay.blossom;

import static io.reactivestore.relay.blossom.BlossomClient.header;
import static io.reactivestore.relay.blossom.BlossomClient.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.Ref;
import io.reactivestore.blob.fs.FileBlobStore;
import io.reactivestore.blob.memory.MemoryBlobStore;
import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.memory.MemoryEventStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Blossom endpoints end to end over loopback HTTP, on the relay's own server. */
class BlossomServerTest {

    private static final long NOW = 1_800_000_000L;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private NostrRelay relay;
    private BlobOwners owners;
    private BlossomClient client;
    private final KeyPair alice = KeyPair.generate();
    private final KeyPair bob = KeyPair.generate();

    private void start(Consumer<BlossomOptions.Builder> policy) {
        start(new FileBlobStore(dir.resolve("blossom")), policy, relayOptions -> { });
    }

    private void start(BlobStore blobs, Consumer<BlossomOptions.Builder> policy,
            Consumer<RelayOptions.Builder> relayPolicy) {
        BlossomOptions.Builder options = BlossomOptions.builder()
                .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
        policy.accept(options);
        owners = BlobOwners.open(dir.resolve("blossom")).block(BlossomClient.WAIT);
        BlossomServer blossom = BlossomServer.create(blobs, owners, options.build());
        RelayOptions.Builder relayOptions = RelayOptions.builder().host("127.0.0.1").port(0)
                .expirationPurgeInterval(Duration.ZERO).httpRoutes(blossom);
        relayPolicy.accept(relayOptions);
        relay = NostrRelay.start(MemoryEventStore.create(), relayOptions.build()).block(BlossomClient.WAIT);
        client = new BlossomClient(relay.host(), relay.port());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (relay != null) {
            relay.shutdown().block(BlossomClient.WAIT);
        }
        if (owners != null) {
            owners.close().block(BlossomClient.WAIT);
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private BlossomClient.Reply upload(KeyPair keys, byte[] bytes, String type) {
        String hex = Ref.of(bytes).hex();
        String auth = header(keys, token("upload", NOW).withTag("x", hex));
        return client.send(HttpMethod.PUT, "/upload", h -> {
            h.set("Authorization", auth).set("X-SHA-256", hex);
            if (type != null) {
                h.set("Content-Type", type);
            }
        }, bytes);
    }

    private BlossomClient.Reply delete(KeyPair keys, Ref ref) {
        String auth = header(keys, token("delete", NOW).withTag("x", ref.hex()));
        return client.send(HttpMethod.DELETE, "/" + ref.hex(), h -> h.set("Authorization", auth), (byte[]) null);
    }

    @Test
    void uploadGetHeadRangeListAndDeleteRoundTrip() {
        start(o -> { });
        byte[] png = random(200_000, 1);
        png[0] = (byte) 0x89;
        png[1] = 'P';
        png[2] = 'N';
        png[3] = 'G';
        Ref ref = Ref.of(png);

        BlossomClient.Reply put = upload(alice, png, null);
        assertThat(put.status()).as(put.reason()).isEqualTo(201);
        assertThat(put.headers().get("Access-Control-Allow-Origin")).isEqualTo("*");
        JsonNode descriptor = JSON.readTree(put.body());
        assertThat(descriptor.get("sha256").asString()).isEqualTo(ref.hex());
        assertThat(descriptor.get("size").asLong()).isEqualTo(png.length);
        assertThat(descriptor.get("type").asString()).isEqualTo("image/png");
        assertThat(descriptor.get("uploaded").asLong()).isEqualTo(NOW);
        assertThat(descriptor.get("url").asString()).endsWith("/" + ref.hex() + ".png").startsWith("http://");

        assertThat(upload(alice, png, null).status()).as("the same blob again").isEqualTo(200);

        BlossomClient.Reply get = client.get("/" + ref.hex() + ".png");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(png);
        assertThat(get.headers().get("Content-Type")).isEqualTo("image/png");
        assertThat(get.headers().get("Accept-Ranges")).isEqualTo("bytes");

        BlossomClient.Reply head = client.send(HttpMethod.HEAD, "/" + ref.hex(), h -> { }, (byte[]) null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().get("Content-Length")).isEqualTo(Integer.toString(png.length));
        assertThat(head.body()).isEmpty();

        BlossomClient.Reply range = client.send(HttpMethod.GET, "/" + ref.hex(), h -> h.set("Range", "bytes=65530-65545"),
                (byte[]) null);
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.headers().get("Content-Range")).isEqualTo("bytes 65530-65545/" + png.length);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(png, 65530, 65546));
        BlossomClient.Reply suffix = client.send(HttpMethod.GET, "/" + ref.hex(), h -> h.set("Range", "bytes=-10"),
                (byte[]) null);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(png, png.length - 10, png.length));
        BlossomClient.Reply beyond = client.send(HttpMethod.GET, "/" + ref.hex(),
                h -> h.set("Range", "bytes=" + png.length + "-"), (byte[]) null);
        assertThat(beyond.status()).as("status %d reason %s", beyond.status(), beyond.reason()).isEqualTo(416);
        assertThat(beyond.headers().get("Content-Range")).isEqualTo("bytes */" + png.length);

        BlossomClient.Reply list = client.get("/list/" + alice.publicKey());
        assertThat(list.status()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).size()).isEqualTo(1);
        assertThat(JSON.readTree(list.body()).get(0).get("sha256").asString()).isEqualTo(ref.hex());
        assertThat(JSON.readTree(client.get("/list/" + bob.publicKey()).body()).size()).isZero();

        assertThat(delete(bob, ref).status()).as("bob owns nothing").isEqualTo(404);
        assertThat(delete(alice, ref).status()).isEqualTo(204);
        BlossomClient.Reply gone = client.get("/" + ref.hex());
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.reason()).isNotBlank();
    }

    /**
     * A file store's blobs go out as the file itself (sendfile), a memory store's as streamed buffers: both
     * give exactly the bytes asked for, whole and in ranges at the edges of the file and of 64 KiB chunks.
     */
    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void downloadsWithAndWithoutRangeGiveExactlyTheBlobsBytes(String backend) {
        start(backend.equals("file") ? new FileBlobStore(dir.resolve("blossom")) : new MemoryBlobStore(), o -> { },
                r -> { });
        int size = 3 * 1024 * 1024 + 12_345;
        byte[] bytes = random(size, 21);
        Ref ref = Ref.of(bytes);
        assertThat(upload(alice, bytes, "video/mp4").status()).isEqualTo(201);

        BlossomClient.Reply whole = client.get("/" + ref.hex() + ".mp4");
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.headers().get("Content-Length")).isEqualTo(Integer.toString(size));
        assertThat(whole.headers().get("Content-Type")).isEqualTo("video/mp4");
        assertThat(whole.body()).isEqualTo(bytes);

        long[][] ranges = {{0, 0}, {0, 65_535}, {65_535, 65_536}, {1_000_000, 2_999_999}, {size - 1, size - 1},
            {size - 100, -1}};
        for (long[] r : ranges) {
            long end = r[1] < 0 ? size - 1 : r[1];
            BlossomClient.Reply part = client.send(HttpMethod.GET, "/" + ref.hex(),
                    h -> h.set("Range", "bytes=" + r[0] + "-" + (r[1] < 0 ? "" : Long.toString(r[1]))), (byte[]) null);
            assertThat(part.status()).as("range %d-%d", r[0], end).isEqualTo(206);
            assertThat(part.headers().get("Content-Range")).isEqualTo("bytes " + r[0] + "-" + end + "/" + size);
            assertThat(part.body()).as("range %d-%d", r[0], end)
                    .isEqualTo(Arrays.copyOfRange(bytes, (int) r[0], (int) end + 1));
        }
        BlossomClient.Reply suffix = client.send(HttpMethod.GET, "/" + ref.hex(), h -> h.set("Range", "bytes=-70000"),
                (byte[]) null);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(bytes, size - 70_000, size));
        BlossomClient.Reply head = client.send(HttpMethod.HEAD, "/" + ref.hex(), h -> { }, (byte[]) null);
        assertThat(head.headers().get("Content-Length")).isEqualTo(Integer.toString(size));
        assertThat(head.body()).isEmpty();
        BlossomClient.Reply beyond = client.send(HttpMethod.GET, "/" + ref.hex(), h -> h.set("Range", "bytes=" + size + "-"),
                (byte[]) null);
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.reason()).isNotBlank();
        assertThat(beyond.headers().get("Access-Control-Allow-Origin")).isEqualTo("*");
        // the same connection serves the next request after each body (the client pools it)
        assertThat(client.get("/" + ref.hex()).body()).isEqualTo(bytes);

        byte[] empty = new byte[0];
        assertThat(upload(alice, empty, null).status()).isEqualTo(201);
        BlossomClient.Reply none = client.get("/" + Ref.of(empty).hex());
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body()).isEmpty();
    }

    /** A kept-alive connection waiting for its next request is closed after the HTTP idle timeout. */
    @Test
    void aKeptAliveConnectionIsClosedAfterTheHttpIdleTimeout() throws IOException {
        start(new FileBlobStore(dir.resolve("blossom")), o -> { }, r -> r.httpIdleTimeout(Duration.ofMillis(200)));
        try (RawHttp http = new RawHttp(relay.host(), relay.port())) {
            http.write("GET /" + Ref.of(new byte[] {9}).hex() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(http.readStatus()).isEqualTo(404);
            assertThat(http.closedByServer()).isTrue();
        }
    }

    /** The HTTP idle timeout does not touch WebSockets: a quiet one still answers after several timeouts. */
    @Test
    void theHttpIdleTimeoutLeavesWebSocketsAlone() throws Exception {
        start(new FileBlobStore(dir.resolve("blossom")), o -> { }, r -> r.httpIdleTimeout(Duration.ofMillis(100))
                .pingInterval(Duration.ZERO));
        try (RawHttp ws = new RawHttp(relay.host(), relay.port())) {
            ws.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertThat(ws.readStatus()).isEqualTo(101);
            Thread.sleep(1_000); // ten idle timeouts, on the test thread
            byte[] req = "[\"REQ\",\"s\",{\"limit\":1}]".getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[6 + req.length]; // a masked text frame with a zero mask
            frame[0] = (byte) 0x81;
            frame[1] = (byte) (0x80 | req.length);
            System.arraycopy(req, 0, frame, 6, req.length);
            ws.write(frame);
            String text = ws.readText(); // the relay's AUTH challenge first, sent when the socket opened
            for (int frames = 0; frames < 3 && !text.startsWith("[\"EOSE\""); frames++) {
                text = ws.readText();
            }
            assertThat(text).isEqualTo("[\"EOSE\",\"s\"]");
        }
    }

    @Test
    void aBlobWithTwoOwnersStaysUntilTheLastOneDeletesIt() {
        start(o -> { });
        byte[] bytes = random(10_000, 2);
        Ref ref = Ref.of(bytes);
        assertThat(upload(alice, bytes, "text/plain").status()).isEqualTo(201);
        assertThat(upload(bob, bytes, "text/plain").status()).isEqualTo(200);
        assertThat(delete(alice, ref).status()).isEqualTo(204);
        assertThat(client.get("/" + ref.hex()).status()).isEqualTo(200);
        assertThat(delete(bob, ref).status()).isEqualTo(204);
        assertThat(client.get("/" + ref.hex()).status()).isEqualTo(404);
    }

    @Test
    void ownershipSurvivesAReopenOfTheLog() {
        start(o -> { });
        byte[] bytes = random(1_000, 3);
        assertThat(upload(alice, bytes, "image/gif").status()).isEqualTo(201);
        owners.close().block(BlossomClient.WAIT);
        BlobOwners reopened = BlobOwners.open(dir.resolve("blossom")).block(BlossomClient.WAIT);
        try {
            assertThat(reopened.list(alice.publicKey(), 0, Long.MAX_VALUE, null, 10).collectList().block(BlossomClient.WAIT))
                    .extracting(BlobOwners.Owned::ref).containsExactly(Ref.of(bytes));
            assertThat(reopened.type(Ref.of(bytes))).isEqualTo("image/gif");
        } finally {
            reopened.close().block(BlossomClient.WAIT);
        }
    }

    @Test
    void listingIsNewestFirstWithSinceUntilCursorAndLimit() {
        start(o -> { });
        // upload times come from the fixed clock: give each blob its own time by reopening nothing; use owners directly
        for (int i = 0; i < 5; i++) {
            byte[] bytes = ("blob " + i).getBytes(StandardCharsets.UTF_8);
            owners.add(alice.publicKey(), new BlobOwners.Owned(Ref.of(bytes), bytes.length, "text/plain", 100 + i))
                    .block(BlossomClient.WAIT);
        }
        List<String> all = hashes(client.get("/list/" + alice.publicKey()));
        assertThat(all).hasSize(5);
        assertThat(all.get(0)).isEqualTo(Ref.of("blob 4".getBytes(StandardCharsets.UTF_8)).hex());
        assertThat(hashes(client.get("/list/" + alice.publicKey() + "?since=101&until=103"))).isEqualTo(all.subList(1, 4));
        assertThat(hashes(client.get("/list/" + alice.publicKey() + "?limit=2&cursor=" + all.get(1))))
                .isEqualTo(all.subList(2, 4));
        assertThat(client.get("/list/" + alice.publicKey() + "?since=x").status()).isEqualTo(400);
        assertThat(client.get("/list/nothex").status()).isEqualTo(400);
    }

    private static List<String> hashes(BlossomClient.Reply reply) {
        assertThat(reply.status()).isEqualTo(200);
        JsonNode array = JSON.readTree(reply.body());
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(n -> n.get("sha256").asString()).toList();
    }

    @Test
    void everyBud11FailureIs401WithAReason() {
        start(o -> o.serverName("cdn.example.com"));
        byte[] bytes = random(100, 4);
        String hex = Ref.of(bytes).hex();
        UnsignedEvent good = token("upload", NOW).withTag("x", hex);
        Event signed = alice.sign(good);
        String tampered = header(Event.of(signed.id(), signed.pubkey(), signed.createdAt(), signed.kind(), signed.tags(),
                "changed", signed.sig()));
        List<String> bad = List.of(
                "",
                "Bearer abc",
                header(alice, UnsignedEvent.of(1, "x").withCreatedAt(NOW - 1).withTag("t", "upload")
                        .withTag("expiration", Long.toString(NOW + 60)).withTag("x", hex)),
                header(alice, token("upload", NOW).withCreatedAt(NOW + 60).withTag("x", hex)),
                header(alice, UnsignedEvent.of(BlossomAuth.KIND, "x").withCreatedAt(NOW - 1).withTag("t", "upload")
                        .withTag("expiration", Long.toString(NOW - 1)).withTag("x", hex)),
                header(alice, UnsignedEvent.of(BlossomAuth.KIND, "x").withCreatedAt(NOW - 1).withTag("t", "upload")
                        .withTag("x", hex)),
                header(alice, token("get", NOW).withTag("x", hex)),
                header(alice, token("upload", NOW)),
                header(alice, token("upload", NOW).withTag("x", "0".repeat(64))),
                header(alice, good.withTag("server", "other.example.com")),
                tampered,
                "Nostr !!!not-base64!!!",
                "Nostr " + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"kind\":".getBytes(StandardCharsets.UTF_8)));
        for (String authorization : bad) {
            BlossomClient.Reply reply = client.send(HttpMethod.PUT, "/upload", h -> {
                h.set("X-SHA-256", hex);
                if (!authorization.isEmpty()) {
                    h.set("Authorization", authorization);
                }
            }, bytes);
            assertThat(reply.status()).as(authorization).isEqualTo(401);
            assertThat(reply.reason()).as(authorization).isNotBlank();
        }
        assertThat(client.send(HttpMethod.PUT, "/upload", h -> h.set("X-SHA-256", hex)
                .set("Authorization", header(alice, good.withTag("server", "cdn.example.com"))), bytes).status())
                .as("a server tag naming this server").isEqualTo(201);
        assertThat(client.get("/" + hex).status()).isEqualTo(200);
    }

    @Test
    void aDeleteNeedsAnXTagForTheBlob() {
        start(o -> { });
        byte[] bytes = random(100, 5);
        Ref ref = Ref.of(bytes);
        upload(alice, bytes, null);
        String noX = header(alice, token("delete", NOW));
        BlossomClient.Reply reply = client.send(HttpMethod.DELETE, "/" + ref.hex(), h -> h.set("Authorization", noX),
                (byte[]) null);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(client.get("/" + ref.hex()).status()).isEqualTo(200);
    }

    /**
     * A refusal answered before the request body arrived (the body comes after the answer, or its last
     * chunk does) leaves the kept-alive connection able to serve the next request.
     */
    @Test
    void aRefusalBeforeTheBodyLeavesTheConnectionUsable() throws IOException {
        start(o -> { });
        String blob = "/" + Ref.of(new byte[] {9}).hex();
        String[][] requests = {
            {"PUT /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n", null},
            {"PUT /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                "a\r\n0123456789\r\n0\r\n\r\n"},
            {"DELETE " + blob + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n", "0\r\n\r\n"},
            {"DELETE " + blob + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\n", "hello"},
        };
        for (String[] request : requests) {
            try (RawHttp http = new RawHttp(relay.host(), relay.port())) {
                http.write(request[0]);
                assertThat(http.readStatus()).as(request[0]).isEqualTo(401);
                if (request[1] == null) {
                    http.write(new byte[100_000]);
                } else {
                    http.write(request[1]);
                }
                http.write("GET " + blob + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(http.readStatus()).as("the next request after " + request[0]).isEqualTo(404);
            }
        }
    }

    /**
     * A relay that shut down closes kept-alive Blossom connections: reactor-netty closes only the listening
     * socket, and a client pooling connections by address would otherwise go on talking to the stopped
     * relay (a later server on the same port included).
     */
    @Test
    void shutdownClosesKeptAliveBlossomConnections() throws IOException {
        start(o -> { });
        try (RawHttp http = new RawHttp(relay.host(), relay.port())) {
            http.write("GET /" + Ref.of(new byte[] {9}).hex() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(http.readStatus()).isEqualTo(404);
            relay.shutdown().block(BlossomClient.WAIT);
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void aBodyNotMatchingXSha256Is409AndStoresNothing() {
        start(o -> { });
        byte[] bytes = random(50_000, 6);
        String claimed = Ref.of(new byte[] {1}).hex();
        String auth = header(alice, token("upload", NOW).withTag("x", claimed));
        BlossomClient.Reply reply = client.send(HttpMethod.PUT, "/upload",
                h -> h.set("Authorization", auth).set("X-SHA-256", claimed), bytes);
        assertThat(reply.status()).isEqualTo(409);
        assertThat(client.get("/" + Ref.of(bytes).hex()).status()).isEqualTo(404);
    }

    @Test
    void policiesRefuseWithTheBudStatusCodes() {
        Set<String> allowed = Set.of(alice.publicKey());
        start(o -> o.maxBlobBytes(1_000).allowedPubkeys(allowed).allowedMediaTypes(Set.of("image/png", "text/plain"))
                .quotaBytesPerPubkey(1_500));
        assertThat(upload(bob, random(10, 7), "text/plain").status()).isEqualTo(403);
        assertThat(upload(alice, random(1_001, 8), "text/plain").status()).isEqualTo(413);
        assertThat(upload(alice, random(100, 9), "video/mp4").status()).isEqualTo(415);
        assertThat(upload(alice, random(100, 10), null).status()).as("guessed octet-stream").isEqualTo(415);
        assertThat(upload(alice, random(900, 11), "text/plain").status()).isEqualTo(201);
        assertThat(upload(alice, random(900, 12), "text/plain").status()).as("quota").isEqualTo(429);

        byte[] chunked = random(1_200, 13);
        String hex = Ref.of(chunked).hex();
        String auth = header(alice, token("upload", NOW).withTag("x", hex));
        Flux<ByteBuf> pieces = Flux.range(0, 12).map(i -> Unpooled.wrappedBuffer(chunked, i * 100, 100));
        BlossomClient.Reply streamed = client.send(HttpMethod.PUT, "/upload",
                h -> h.set("Authorization", auth).set("X-SHA-256", hex).set("Content-Type", "text/plain")
                        .set("Transfer-Encoding", "chunked"), pieces);
        assertThat(streamed.status()).as("over the size limit without a Content-Length").isIn(413, 429);
        assertThat(client.get("/" + hex).status()).isEqualTo(404);

        String headAuth = header(alice, token("upload", NOW).withTag("x", hex));
        assertThat(requirements(headAuth, hex, "100", "text/plain").status()).isEqualTo(200);
        assertThat(requirements(headAuth, hex, null, "text/plain").status()).isEqualTo(411);
        assertThat(requirements(headAuth, hex, "5000", "text/plain").status()).isEqualTo(413);
        assertThat(requirements(headAuth, hex, "100", "video/mp4").status()).isEqualTo(415);
        assertThat(requirements(headAuth, hex, "700", "text/plain").status()).isEqualTo(429);
        assertThat(requirements(headAuth, hex, "abc", "text/plain").status()).isEqualTo(400);
        assertThat(requirements(null, hex, "100", "text/plain").status()).isEqualTo(401);
    }

    private BlossomClient.Reply requirements(String auth, String hex, String length, String type) {
        return client.send(HttpMethod.HEAD, "/upload", h -> {
            h.set("X-SHA-256", hex).set("X-Content-Type", type);
            if (auth != null) {
                h.set("Authorization", auth);
            }
            if (length != null) {
                h.set("X-Content-Length", length);
            }
        }, (byte[]) null);
    }

    @Test
    void preflightAnswersCorsAndTheRelayStillServesSlash() {
        start(o -> { });
        BlossomClient.Reply options = client.send(HttpMethod.OPTIONS, "/upload", h -> { }, (byte[]) null);
        assertThat(options.status()).isEqualTo(204);
        assertThat(options.headers().get("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(options.headers().get("Access-Control-Allow-Headers")).contains("Authorization");
        assertThat(options.headers().get("Access-Control-Allow-Methods")).contains("PUT").contains("DELETE");
        BlossomClient.Reply nip11 = client.send(HttpMethod.GET, "/", h -> h.set("Accept", "application/nostr+json"),
                (byte[]) null);
        assertThat(nip11.status()).isEqualTo(200);
        assertThat(nip11.headers().get("Content-Type")).contains("application/nostr+json");
        assertThat(client.get("/nothing-here").status()).isEqualTo(404);
    }

    @Test
    void anUploadCutOffHalfwayLeavesNothing() throws IOException {
        start(o -> { });
        byte[] bytes = random(4 << 20, 14);
        String hex = Ref.of(bytes).hex();
        String auth = header(alice, token("upload", NOW).withTag("x", hex));
        Flux<ByteBuf> half = Flux.range(0, 32).map(i -> Unpooled.wrappedBuffer(bytes, i * 65_536, 65_536))
                .concatWith(Flux.error(new IllegalStateException("client gives up")));
        try {
            client.send(HttpMethod.PUT, "/upload", h -> h.set("Authorization", auth).set("X-SHA-256", hex)
                    .set("Content-Length", Integer.toString(bytes.length)), half);
        } catch (RuntimeException expected) {
            // the client aborts its request
        }
        long deadline = System.nanoTime() + BlossomClient.WAIT.toNanos();
        while (temporaryFiles() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(temporaryFiles()).isZero();
        assertThat(client.get("/" + hex).status()).isEqualTo(404);
        assertThat(upload(alice, bytes, null).status()).as("a full upload afterwards").isEqualTo(201);
    }

    private long temporaryFiles() throws IOException {
        Path tmp = dir.resolve("blossom").resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.count();
        }
    }
}
