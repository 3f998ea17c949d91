package io.reactivestore.relay.blossom;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.reactivestore.blob.Ref;
import io.reactivestore.blob.fs.FileBlobStore;
import io.reactivestore.event.KeyPair;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.memory.MemoryEventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Child JVM of {@link KilledUploadsTest}: serves Blossom on loopback over a file store and ownership log in
 * {@code args[0]}, and uploads blob after blob to itself, {@value #CONCURRENCY} at a time, each streamed in
 * 16 KiB pieces, as {@code args[1]} (a secret key). Prints {@code READY}, then {@code ACK <n> 1} once the
 * upload of blob {@code n} ({@link #blob}) was answered 200 or 201. Runs until killed.
 */
public final class KilledUploadsChild {

    static final int CONCURRENCY = 4;
    private static final int PIECE = 16 * 1024;

    private KilledUploadsChild() {
    }

    /**
     * Serves and uploads until killed.
     *
     * @param args the data directory and the uploader's secret key (hex)
     */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        KeyPair keys = KeyPair.fromSecretHex(args[1]);
        BlobOwners owners = BlobOwners.open(dir).block(Duration.ofMinutes(1));
        BlossomServer blossom = BlossomServer.create(new FileBlobStore(dir), owners, BlossomOptions.builder().build());
        NostrRelay relay = NostrRelay.start(MemoryEventStore.create(), RelayOptions.builder().host("127.0.0.1").port(0)
                .expirationPurgeInterval(Duration.ZERO).httpRoutes(blossom).build()).block(Duration.ofMinutes(1));
        HttpClient http = HttpClient.create().baseUrl("http://127.0.0.1:" + relay.port());
        System.out.println("READY");
        Flux.range(0, Integer.MAX_VALUE)
                .flatMap(n -> upload(http, keys, n).doOnNext(status -> {
                    if (status == 200 || status == 201) {
                        System.out.println("ACK " + n + " 1");
                    }
                }), CONCURRENCY)
                .blockLast(Duration.ofHours(1)); // uploads until the test kills this process
    }

    private static Mono<Integer> upload(HttpClient http, KeyPair keys, int n) {
        byte[] bytes = blob(n);
        String hex = Ref.of(bytes).hex();
        long now = System.currentTimeMillis() / 1000;
        String auth = BlossomClient.header(keys, BlossomClient.token("upload", now).withTag("x", hex));
        Flux<ByteBuf> pieces = Flux.range(0, (bytes.length + PIECE - 1) / PIECE)
                .map(i -> Unpooled.wrappedBuffer(bytes, i * PIECE, Math.min(PIECE, bytes.length - i * PIECE)));
        return http.headers(h -> h.set("Authorization", auth).set("X-SHA-256", hex)
                        .set("Content-Length", Integer.toString(bytes.length)))
                .put().uri("/upload")
                .send(pieces)
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code())));
    }

    /** Blob {@code n}: 1 byte to 1 MiB from a generator seeded by {@code n}. */
    static byte[] blob(int n) {
        SplittableRandom random = new SplittableRandom(n);
        byte[] bytes = new byte[1 + random.nextInt(1 << 20)];
        random.nextBytes(bytes);
        return bytes;
    }
}
