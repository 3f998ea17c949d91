package io.reactivestore.benchmarks.blob;

import io.netty.buffer.Unpooled;
import io.reactivestore.blob.Ref;
import io.reactivestore.blob.fs.FileBlobStore;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.blossom.BlobOwners;
import io.reactivestore.relay.blossom.BlossomOptions;
import io.reactivestore.relay.blossom.BlossomServer;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.memory.MemoryEventStore;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Blossom upload and download throughput on file storage, beside {@code cp} of the same files on the same disk.
 * The server (relay + Blossom over a {@link FileBlobStore}) runs in this JVM; the client is {@code curl}
 * ({@code -T} for uploads, so it streams), one transfer at a time. Reports MB/s per direction and size, and the
 * server JVM's CPU per MB (its whole process CPU time over the transfers; curl's CPU is not included).
 *
 * <p>Then concurrent GETs of small blobs: {@code bench.gets} (20,000) GETs of 200 blobs of 4 KiB by
 * {@code bench.getConcurrency} (32) requests in flight from a reactor-netty client in this JVM (so the CPU per GET
 * includes the client's).
 *
 * <p>Properties: {@code bench.dir} (default {@code target/blossom-bench}, must be on the disk to measure),
 * {@code bench.small} (count of 1 MB blobs, 20), {@code bench.large} (count of 100 MB blobs, 3),
 * {@code bench.warmup} (unmeasured uploads and downloads of other blobs of each size before its measured ones,
 * 1: without it the JIT compilers' CPU lands in the first measured transfers).
 */
public final class BlossomBench {

    private BlossomBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args unused
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("bench.dir", "target/blossom-bench")).toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        BlobOwners owners = Objects.requireNonNull(BlobOwners.open(dir.resolve("blossom")).block(), "completed empty");
        BlossomServer blossom = BlossomServer.create(new FileBlobStore(dir.resolve("blossom")), owners,
                BlossomOptions.builder().maxBlobBytes(1L << 30).build());
        NostrRelay relay = Objects.requireNonNull(NostrRelay.start(MemoryEventStore.create(), RelayOptions.builder().host("127.0.0.1").port(0)
                .expirationPurgeInterval(Duration.ZERO).httpRoutes(blossom).build()).block(), "completed empty");
        String base = "http://127.0.0.1:" + relay.port();
        KeyPair keys = KeyPair.generate();
        System.out.printf(Locale.ROOT, "%-8s %-22s %10s %12s%n", "size", "operation", "MB/s", "server CPU ms/MB");
        try {
            run(dir, base, keys, 1, Integer.getInteger("bench.small", 20));
            run(dir, base, keys, 100, Integer.getInteger("bench.large", 3));
            smallGets(base, keys, Integer.getInteger("bench.gets", 20_000), Integer.getInteger("bench.getConcurrency", 32));
        } finally {
            relay.shutdown().block(Duration.ofSeconds(30));
            owners.close().block();
            deleteTree(dir);
        }
    }

    private static void run(Path dir, String base, KeyPair keys, int mb, int count) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src-" + mb));
        Path copies = Files.createDirectories(dir.resolve("cp-" + mb));
        List<Path> files = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = src.resolve("f" + i);
            hashes.add(write(file, (long) mb << 20, mb * 1000L + i));
            files.add(file);
        }
        for (int i = 0; i < Integer.getInteger("bench.warmup", 1); i++) { // unmeasured: JIT-compiles the paths
            Path file = src.resolve("w" + i);
            String hex = write(file, (long) mb << 20, -(mb * 1000L + i) - 1);
            String up = exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-T", file.toString(),
                    "-H", "Authorization: " + token(keys, hex), "-H", "X-SHA-256: " + hex, "-H", "Content-Type: video/mp4",
                    base + "/upload");
            String down = exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", base + "/" + hex);
            if (!up.equals("201") || !down.equals("200")) {
                throw new IllegalStateException("warm-up answered " + up + ", " + down);
            }
        }
        double total = (double) mb * count;
        long t = System.nanoTime();
        for (int i = 0; i < count; i++) {
            exec("cp", files.get(i).toString(), copies.resolve("c" + i).toString());
        }
        report(mb, "cp", total, System.nanoTime() - t, -1);
        t = System.nanoTime();
        for (int i = 0; i < count; i++) {
            exec("sh", "-c", "cp '" + files.get(i) + "' '" + copies.resolve("s" + i) + "' && sync '" + copies.resolve("s" + i) + "'");
        }
        report(mb, "cp + sync (fsync)", total, System.nanoTime() - t, -1);
        long cpu = cpu();
        t = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String hex = hashes.get(i);
            String token = token(keys, hex);
            String status = exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-T", files.get(i).toString(),
                    "-H", "Authorization: " + token, "-H", "X-SHA-256: " + hex, "-H", "Content-Type: video/mp4",
                    base + "/upload");
            if (!status.equals("201")) {
                throw new IllegalStateException("upload answered " + status);
            }
        }
        report(mb, "Blossom upload (curl)", total, System.nanoTime() - t, cpu() - cpu);
        cpu = cpu();
        t = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String status = exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", base + "/" + hashes.get(i));
            if (!status.equals("200")) {
                throw new IllegalStateException("download answered " + status);
            }
        }
        report(mb, "Blossom download (curl)", total, System.nanoTime() - t, cpu() - cpu);
        t = System.nanoTime();
        for (int i = 0; i < count; i++) {
            exec("sh", "-c", "cat '" + copies.resolve("c" + i) + "' > /dev/null");
        }
        report(mb, "cat > /dev/null", total, System.nanoTime() - t, -1);
    }

    private static void smallGets(String base, KeyPair keys, int gets, int concurrency) {
        ConnectionProvider pool = ConnectionProvider.create("bench", concurrency);
        HttpClient http = HttpClient.create(pool).baseUrl(base);
        List<String> hexes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[4096];
            new SplittableRandom(i).nextBytes(bytes);
            String hex = Ref.of(bytes).hex();
            hexes.add(hex);
            int status = Objects.requireNonNull(http.headers(h -> h.set("Authorization", token(keys, hex)).set("X-SHA-256", hex))
                    .put().uri("/upload").send(Mono.just(Unpooled.wrappedBuffer(bytes)))
                    .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                    .block(Duration.ofSeconds(30)), "completed empty");
            if (status != 201) {
                throw new IllegalStateException("upload answered " + status);
            }
        }
        for (int round = 0; round < 2; round++) { // the first round warms up
            long cpu = cpu();
            long t = System.nanoTime();
            long ok = Objects.requireNonNull(Flux.range(0, gets)
                    .flatMap(i -> http.get().uri("/" + hexes.get(i % hexes.size()))
                            .responseSingle((response, body) -> body.asByteArray()
                                    .map(b -> response.status().code() == 200 && b.length == 4096 ? 1 : 0)), concurrency)
                    .reduce(0L, Long::sum)
                    .block(Duration.ofMinutes(10)), "completed empty");
            long nanos = System.nanoTime() - t;
            if (ok != gets) {
                throw new IllegalStateException((gets - ok) + " GETs failed");
            }
            System.out.printf(Locale.ROOT, "%-8s %-22s %10.0f %12s%n", "4 KiB", "GET/s (" + concurrency + " in flight)"
                    + (round == 0 ? " warm-up" : ""), gets / (nanos / 1e9),
                    String.format(Locale.ROOT, "%.1f us CPU/GET", (cpu() - cpu) / 1e3 / gets));
        }
        pool.disposeLater().block(Duration.ofSeconds(30));
    }

    private static void report(int mb, String what, double totalMb, long nanos, long cpuNanos) {
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT, "%-8s %-22s %10.1f %12s%n", mb + " MB", what, totalMb / seconds,
                cpuNanos < 0 ? "" : String.format(Locale.ROOT, "%.1f", cpuNanos / 1e6 / totalMb));
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String token(KeyPair keys, String hex) {
        long now = System.currentTimeMillis() / 1000;
        UnsignedEvent unsigned = UnsignedEvent.of(24242, "Upload").withCreatedAt(now - 5).withTag("t", "upload")
                .withTag("expiration", Long.toString(now + 3600)).withTag("x", hex);
        return "Nostr " + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(keys.sign(unsigned).toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code size} pseudo-random bytes; their hex SHA-256. */
    private static String write(Path file, long size, long seed) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(seed);
        byte[] piece = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += piece.length) {
                random.nextBytes(piece);
                int n = (int) Math.min(piece.length, size - done);
                out.write(piece, 0, n);
                sha.update(piece, 0, n);
            }
        }
        return new Ref(io.reactivestore.internal.Hex.encode(sha.digest())).hex();
    }

    private static String exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
