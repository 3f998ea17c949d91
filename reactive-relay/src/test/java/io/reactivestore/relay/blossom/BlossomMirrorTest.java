package io.reactivestore.relay.blossom;

import static io.reactivestore.relay.blossom.BlossomClient.header;
import static io.reactivestore.relay.blossom.BlossomClient.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import io.reactivestore.blob.Ref;
import io.reactivestore.blob.fs.FileBlobStore;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * BUD-04 {@code PUT /mirror} end to end: a Blossom server fetching from a second reactor-netty server on
 * loopback (the origin), which serves blobs, redirects, a body larger than allowed, a body that never
 * ends, and an error.
 */
class BlossomMirrorTest {

    private static final long NOW = 1_800_000_000L;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] PNG = png();
    private static final byte[] BIG = new byte[3_000];

    @TempDir
    Path dir;

    private DisposableServer origin;
    private DisposableServer blossomServer;
    private BlobOwners owners;
    private BlossomClient client;
    private final KeyPair alice = KeyPair.generate();

    private static byte[] png() {
        byte[] bytes = new byte[20_000];
        new Random(1).nextBytes(bytes);
        bytes[0] = (byte) 0x89;
        bytes[1] = 'P';
        bytes[2] = 'N';
        bytes[3] = 'G';
        return bytes;
    }

    @BeforeEach
    void startOrigin() {
        origin = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                        .get("/blob.png", (req, res) -> res.header("Content-Type", "image/png")
                                .sendByteArray(Mono.just(PNG)))
                        .get("/untyped", (req, res) -> res.sendByteArray(Mono.just(PNG)))
                        .get("/chunked-big", (req, res) -> res.sendByteArray(
                                Flux.range(0, 30).map(i -> new byte[100])))
                        .get("/announced-big", (req, res) -> res.header("Content-Length", "3000")
                                .sendByteArray(Mono.just(BIG)))
                        .get("/stalls", (req, res) -> res.header("Content-Length", "1000")
                                .sendByteArray(Flux.concat(Mono.just(new byte[10]), Mono.never())))
                        .get("/redirect", (req, res) -> res.sendRedirect("/blob.png"))
                        .get("/redirect-twice", (req, res) -> res.sendRedirect("/redirect"))
                        .get("/loop", (req, res) -> res.sendRedirect("/loop"))
                        .get("/to-file", (req, res) -> res.sendRedirect("file:///etc/passwd"))
                        .get("/to-ftp", (req, res) -> res.sendRedirect("ftp://127.0.0.1/blob.png"))
                        .get("/gone", (req, res) -> res.status(410).send()))
                .bindNow(BlossomClient.WAIT);
    }

    private void start(Consumer<BlossomOptions.Builder> policy) {
        BlossomOptions.Builder options = BlossomOptions.builder()
                .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
                .mirrorPrivateAddresses(true)
                .mirrorTimeout(Duration.ofSeconds(2))
                .mirrorMaxRedirects(2)
                .maxBlobBytes(25_000);
        policy.accept(options);
        owners = BlobOwners.open(dir.resolve("blossom")).block(BlossomClient.WAIT);
        BlossomServer blossom = BlossomServer.create(new FileBlobStore(dir.resolve("blossom")), owners,
                options.build());
        blossomServer = blossom.bind("127.0.0.1", 0).block(BlossomClient.WAIT);
        client = new BlossomClient("127.0.0.1", blossomServer.port());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        origin.disposeNow(BlossomClient.WAIT);
        if (blossomServer != null) {
            blossomServer.disposeNow(BlossomClient.WAIT);
        }
        if (owners != null) {
            owners.close().block(BlossomClient.WAIT);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + origin.port() + path;
    }

    private BlossomClient.Reply mirror(String body, UnsignedEvent token) {
        String auth = header(alice, token);
        return client.send(HttpMethod.PUT, "/mirror", h -> h.set("Authorization", auth)
                .set("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    private BlossomClient.Reply mirror(String path, Ref x) {
        return mirror("{\"url\":\"" + url(path) + "\"}", token("upload", NOW).withTag("x", x.hex()));
    }

    @Test
    void aMirroredBlobIsStoredOwnedAndServedWithTheOriginsType() {
        start(o -> { });
        Ref ref = Ref.of(PNG);
        BlossomClient.Reply reply = mirror("/blob.png", ref);
        assertThat(reply.status()).as(reply.reason()).isEqualTo(201);
        JsonNode descriptor = JSON.readTree(reply.body());
        assertThat(descriptor.get("sha256").asString()).isEqualTo(ref.hex());
        assertThat(descriptor.get("size").asLong()).isEqualTo(PNG.length);
        assertThat(descriptor.get("type").asString()).isEqualTo("image/png");
        BlossomClient.Reply get = client.get("/" + ref.hex());
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(PNG);
        assertThat(client.get("/list/" + alice.publicKey()).text()).contains(ref.hex());
        assertThat(mirror("/blob.png", ref).status()).as("mirrored again").isEqualTo(200);
    }

    @Test
    void redirectsAreFollowedWithinTheirBound() {
        start(o -> { });
        Ref ref = Ref.of(PNG);
        assertThat(mirror("/redirect-twice", ref).status()).isEqualTo(201);
        BlossomClient.Reply loop = mirror("/loop", ref);
        assertThat(loop.status()).isEqualTo(502);
        assertThat(loop.reason()).contains("redirects");
    }

    @Test
    void aRedirectToAnotherSchemeIsRefused() throws IOException {
        start(o -> { });
        Ref ref = Ref.of(PNG);
        for (String path : new String[] {"/to-file", "/to-ftp"}) {
            BlossomClient.Reply reply = mirror(path, ref);
            assertThat(reply.status()).as(path).isEqualTo(502);
            assertThat(reply.reason()).as(path).contains("non-HTTP(S)");
        }
        assertThat(storedBlobs()).isZero();
    }

    @Test
    void aBlobTooBigIsRefusedWhetherAnnouncedOrStreamed() throws IOException {
        start(o -> o.maxBlobBytes(2_000));
        assertThat(mirror("/announced-big", Ref.of(BIG)).status()).isEqualTo(413);
        assertThat(mirror("/chunked-big", Ref.of(new byte[3_000])).status()).isEqualTo(413);
        assertThat(storedBlobs()).isZero();
        awaitNoTemporaryFiles();
    }

    @Test
    void anOriginThatStallsTimesOutAndLeavesNothing() throws IOException {
        start(o -> o.mirrorTimeout(Duration.ofMillis(300)));
        BlossomClient.Reply reply = mirror("/stalls", Ref.of(new byte[1_000]));
        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.reason()).contains("did not deliver");
        assertThat(storedBlobs()).isZero();
        awaitNoTemporaryFiles();
    }

    @Test
    void bytesNotMatchingTheAuthorizedXAre409AndStoreNothing() throws IOException {
        start(o -> { });
        BlossomClient.Reply reply = mirror("/blob.png", Ref.of(new byte[] {1}));
        assertThat(reply.status()).isEqualTo(409);
        BlossomClient.Reply twoXs = mirror("{\"url\":\"" + url("/blob.png") + "\"}", token("upload", NOW)
                .withTag("x", Ref.of(new byte[] {1}).hex()).withTag("x", Ref.of(new byte[] {2}).hex()));
        assertThat(twoXs.status()).as("several x tags, none the blob's").isEqualTo(409);
        assertThat(client.get("/" + Ref.of(PNG).hex()).status()).isEqualTo(404);
        assertThat(storedBlobs()).isZero();
    }

    @Test
    void badRequestsAndOriginFailuresHaveTheirStatus() {
        start(o -> { });
        Ref ref = Ref.of(PNG);
        UnsignedEvent upload = token("upload", NOW).withTag("x", ref.hex());
        assertThat(mirror("not json", upload).status()).isEqualTo(400);
        assertThat(mirror("{\"link\":\"x\"}", upload).status()).isEqualTo(400);
        assertThat(mirror("{\"url\":\"ftp://127.0.0.1/x\"}", upload).status()).isEqualTo(400);
        assertThat(mirror("{\"url\":\"" + "a".repeat(20_000) + "\"}", upload).status()).isEqualTo(413);
        assertThat(mirror("/gone", ref).status()).isEqualTo(502);
        assertThat(mirror("{\"url\":\"" + url("/blob.png") + "\"}", token("upload", NOW)).status())
                .as("no x tag").isEqualTo(401);
        assertThat(mirror("{\"url\":\"" + url("/blob.png") + "\"}", token("get", NOW).withTag("x", ref.hex()))
                .status()).as("wrong verb").isEqualTo(401);
        BlossomClient.Reply untyped = mirror("/untyped", ref);
        assertThat(untyped.status()).isEqualTo(201);
        assertThat(JSON.readTree(untyped.body()).get("type").asString()).as("sniffed").isEqualTo("image/png");
    }

    @Test
    void privateAddressesAreRefusedUnlessAllowed() throws IOException {
        start(o -> o.mirrorPrivateAddresses(false));
        BlossomClient.Reply reply = mirror("/blob.png", Ref.of(PNG));
        assertThat(reply.status()).isEqualTo(403);
        assertThat(storedBlobs()).isZero();
    }

    @Test
    void aChunkedRequestBodyIsReadWhole() {
        start(o -> { });
        Ref ref = Ref.of(PNG);
        String auth = header(alice, token("upload", NOW).withTag("x", ref.hex()));
        byte[] body = ("{\"url\":\"" + url("/blob.png") + "\"}").getBytes(StandardCharsets.UTF_8);
        BlossomClient.Reply reply = client.send(HttpMethod.PUT, "/mirror", h -> h.set("Authorization", auth)
                .set("Transfer-Encoding", "chunked"), Flux.range(0, body.length)
                .map(i -> Unpooled.wrappedBuffer(body, i, 1)));
        assertThat(reply.status()).as(reply.reason()).isEqualTo(201);
    }

    private long storedBlobs() throws IOException {
        Path blobs = dir.resolve("blossom");
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).count();
        }
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

    /** An aborted put deletes its temporary file on the store's I/O thread, after the refusal is sent. */
    private void awaitNoTemporaryFiles() throws IOException {
        long deadline = System.nanoTime() + BlossomClient.WAIT.toNanos();
        while (temporaryFiles() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(temporaryFiles()).isZero();
    }
}
