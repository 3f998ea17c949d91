package io.reactivestore.relay.blossom;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.Ref;
import io.reactivestore.blob.fs.FileBlobStore;
import io.reactivestore.event.KeyPair;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.testing.KilledChild;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIGKILL during uploads: a child JVM serves Blossom on file storage and streams uploads to itself,
 * {@value KilledUploadsChild#CONCURRENCY} at a time; it is killed with uploads mid-stream. After a restart
 * on the same directory every blob whose upload was answered 200/201 is served with its bytes and listed
 * under its owner, and every blob the store lists hashes to its name (no partial blob is visible).
 */
@Tag("integration")
class KilledUploadsTest {

    private static final int ACKS = 25;

    @TempDir
    Path dir;

    @Test
    void noAnsweredUploadIsLostAndNoPartialBlobIsVisible() throws Exception {
        String secret = "3f".repeat(32);
        KeyPair keys = KeyPair.fromSecretHex(secret);
        KilledChild.Acks acked = KilledChild.runAndKill(KilledUploadsChild.class, List.of(dir.toString(), secret),
                ACKS, () -> { });

        BlobStore blobs = new FileBlobStore(dir);
        BlobOwners owners = BlobOwners.open(dir).block(BlossomClient.WAIT);
        NostrRelay relay = NostrRelay.start(MemoryEventStore.create(), RelayOptions.builder().host("127.0.0.1")
                .port(0).expirationPurgeInterval(Duration.ZERO)
                .httpRoutes(BlossomServer.create(blobs, owners, BlossomOptions.builder().build())).build())
                .block(BlossomClient.WAIT);
        try (BlossomClient client = new BlossomClient(relay.host(), relay.port())) {
            BlossomClient.Reply list = client.get("/list/" + keys.publicKey());
            assertThat(list.status()).isEqualTo(200);
            Set<String> listed = new HashSet<>();
            for (JsonNode item : JsonMapper.builder().build().readTree(list.body())) {
                listed.add(item.get("sha256").asString());
            }
            for (String n : acked.all()) {
                byte[] bytes = KilledUploadsChild.blob(Integer.parseInt(n));
                Ref ref = Ref.of(bytes);
                BlossomClient.Reply get = client.get("/" + ref.hex());
                assertThat(get.status()).as("answered upload %s", n).isEqualTo(200);
                assertThat(get.body()).as("bytes of %s", n).isEqualTo(bytes);
                assertThat(listed).as("owner of %s", n).contains(ref.hex());
            }
            List<Ref> stored = blobs.listRefs().collectList().block(BlossomClient.WAIT);
            for (Ref ref : stored) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                long size = blobs.size(ref).block(BlossomClient.WAIT);
                for (ByteBuffer piece : blobs.read(ref, 0, size).collectList().block(BlossomClient.WAIT)) {
                    byte[] chunk = new byte[piece.remaining()];
                    piece.get(chunk);
                    all.write(chunk);
                }
                assertThat(Ref.of(all.toByteArray())).as("stored blob hashes to its name").isEqualTo(ref);
            }
            assertThat(stored.size()).isGreaterThanOrEqualTo(acked.all().size());
            long leftovers = 0;
            if (java.nio.file.Files.isDirectory(dir.resolve("tmp"))) {
                try (java.util.stream.Stream<Path> tmp = java.nio.file.Files.list(dir.resolve("tmp"))) {
                    leftovers = tmp.count();
                }
            }
            System.out.println("killed uploads: " + acked.all().size() + " answered before SIGKILL, " + stored.size()
                    + " blobs stored after restart, all intact; " + leftovers
                    + " temporary files of uploads cut by the kill (never visible as blobs)");
        } finally {
            relay.shutdown().block(BlossomClient.WAIT);
            owners.close().block(BlossomClient.WAIT);
        }
    }
}
