package io.reactivestore.benchmarks.memory;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import reactor.core.publisher.Flux;

/**
 * Store-level ingest in the shape of nostr-bench's ingest phase: events of 100 authors with a {@code t} tag of 50
 * values and a {@code p} tag (10% reactions with a random {@code e} tag), saved one by one with {@code inFlight}
 * saves outstanding (nostr-bench: 8 connections x window 64 = 512), so the writer groups them as a relay's
 * publishes. Prints saves/s, process CPU per save, the LMDB writer thread's CPU per save (user and system), and
 * the bytes the process wrote ({@code /proc/self/io}) per save, for each of {@code rounds} rounds into one store.
 * Arguments: {@code store} ({@code lmdb} or {@code memory}), events per round (default 20000), in flight (default
 * 512), rounds (default 3), directory (default a temporary one).
 */
public final class LmdbIngestBench {

    private LmdbIngestBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code [store] [events] [inFlight] [rounds] [directory]}
     * @throws Exception if the store fails
     */
    public static void main(String[] args) throws Exception {
        String backend = args.length > 0 ? args[0] : "lmdb";
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path dir = args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("lmdb-ingest");
        EventStore store = Objects.requireNonNull(backend.equals("memory") ? MemoryEventStore.create()
                : LmdbEventStore.open(dir).block(Duration.ofMinutes(1)), "completed empty");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 1; round <= rounds; round++) {
            List<Event> batch = generate(events, round);
            long writer = writerThread(threads);
            long cpu0 = os.getProcessCpuTime();
            long user0 = writer < 0 ? 0 : threads.getThreadUserTime(writer);
            long all0 = writer < 0 ? 0 : threads.getThreadCpuTime(writer);
            long[] io0 = procIo();
            long start = System.nanoTime();
            long saved = Objects.requireNonNull(Flux.fromIterable(batch).flatMap(store::save, inFlight).count().block(Duration.ofMinutes(10)), "completed empty");
            long nanos = System.nanoTime() - start;
            writer = writer < 0 ? writerThread(threads) : writer;
            long cpu = os.getProcessCpuTime() - cpu0;
            long user = writer < 0 ? 0 : threads.getThreadUserTime(writer) - user0;
            long all = writer < 0 ? 0 : threads.getThreadCpuTime(writer) - all0;
            long[] io = procIo();
            System.out.printf(Locale.ROOT, "%s round %d: %d saves in %.2f s = %.0f saves/s; process CPU %.1f us/save;"
                            + " writer thread user %.1f sys %.1f us/save; written %.0f bytes/save in %.1f write calls"
                            + " per 100 saves%n", backend, round, saved, nanos / 1e9, saved / (nanos / 1e9),
                    cpu / 1e3 / saved, user / 1e3 / saved, (all - user) / 1e3 / saved,
                    (io[0] - io0[0]) / (double) saved, (io[1] - io0[1]) * 100.0 / saved);
        }
        store.close().block(Duration.ofMinutes(1));
        if (!backend.equals("memory")) {
            try (var files = Files.walk(dir)) {
                long bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
                System.out.printf(Locale.ROOT, "data dir %d bytes = %.0f bytes/event%n", bytes,
                        bytes / (double) (events * rounds));
            }
        }
    }

    /** The id of the store's writer thread ({@code lmdb-writer-*}), or -1 (memory store, or not started yet). */
    private static long writerThread(ThreadMXBean threads) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("lmdb-writer-")) {
                return t.getId();
            }
        }
        return -1;
    }

    /**
     * {@code wchar} (bytes this process passed to write calls: LMDB's page writes) and {@code syscw}; zeros if
     * unreadable.
     */
    private static long[] procIo() {
        long[] r = new long[2];
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("wchar:")) {
                    r[0] = Long.parseLong(line.substring(6).trim());
                } else if (line.startsWith("syscw:")) {
                    r[1] = Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return r;
        }
        return r;
    }

    private static List<Event> generate(int n, int round) {
        Random rnd = new Random(round);
        KeyPair[] authors = new KeyPair[100];
        for (int i = 0; i < authors.length; i++) {
            authors[i] = KeyPair.generate();
        }
        long base = System.currentTimeMillis() / 1000 - 3660;
        char[] filler = new char[120];
        Arrays.fill(filler, 'x');
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int author = i % authors.length;
            boolean reaction = rnd.nextDouble() < 0.1;
            List<List<String>> tags = new ArrayList<>();
            tags.add(List.of("t", "bench" + round + "t" + rnd.nextInt(50)));
            tags.add(List.of("p", authors[(author + 1) % authors.length].publicKey()));
            if (reaction) {
                byte[] e = new byte[32];
                rnd.nextBytes(e);
                tags.add(List.of("e", HexFormat.of().formatHex(e)));
            }
            out.add(authors[author].sign(new UnsignedEvent(base + (long) i * 3600 / n, reaction ? 7 : 1, tags,
                    reaction ? "+" : i + new String(filler))));
        }
        return out;
    }
}
