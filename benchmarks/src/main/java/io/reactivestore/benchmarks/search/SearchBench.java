package io.reactivestore.benchmarks.search;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.NostrJson;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import reactor.core.publisher.Flux;

/**
 * NIP-50 search latency over a synthetic corpus: {@code --events} kind-1 notes of 5 to 40 words drawn from a
 * 50 000-word vocabulary with Zipf frequencies (so a few words are in most notes, most words in few), imported
 * into each store named in {@code --stores} ({@code memory}, {@code h2} (file), {@code h2mem} (H2 in memory: the
 * same SQL without the file's import cost), {@code pg} (embedded PostgreSQL)); then {@code --queries} searches per class, one after the other, each
 * {@code {"search": ..., "limit": 20}}, read to the end: {@code rare} (a word of frequency rank 2 000-10 000),
 * {@code mid} (rank 50-200), {@code common} (rank 1-5: in most notes), {@code two} (two mid words). Prints the
 * import time and the p50 / p99 / max latency per class. Events are not signed (stores trust their input).
 *
 * <p>Run: {@code mvn -B -q -o -pl benchmarks -am package -DskipTests} then
 * {@code mvn -B -q -o -pl benchmarks exec:exec -Dbench.main=io.reactivestore.benchmarks.search.SearchBench
 * -Djmh.args="--events 1000000 --stores pg,h2,memory --queries 30"}.
 */
public final class SearchBench {

    private static final int AUTHORS = 1000;
    private static final Duration WAIT = Duration.ofMinutes(30);

    private SearchBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --events n --stores a,b --queries q --dir path}
     * @throws Exception if a store cannot be opened
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("--events", "1000000", "--stores", "pg,h2,memory",
                "--queries", "30", "--dir", "/tmp/search-bench"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        int events = Integer.parseInt(opts.get("--events"));
        int queries = Integer.parseInt(opts.get("--queries"));
        Path dir = Path.of(opts.get("--dir"));
        SearchCorpus corpus = new SearchCorpus();
        System.out.printf("NIP-50 search bench: %,d events, %d queries per class, limit 20, %s%n", events, queries,
                java.time.Instant.now());
        for (String name : Objects.requireNonNull(opts.get("--stores"), "--stores").split(",")) {
            run(name, dir, corpus, events, queries);
        }
    }

    private static void run(String name, Path dir, SearchCorpus corpus, int events, int queries) throws IOException {
        String[] words = corpus.words;
        EmbeddedPostgres pg = null;
        EventStore store;
        switch (name) {
            case "memory" -> store = MemoryEventStore.create();
            case "h2" -> {
                Path h2 = dir.resolve("h2-" + System.nanoTime());
                Files.createDirectories(h2);
                store = Objects.requireNonNull(R2dbcEventStores.h2File(h2).block(WAIT), "store");
            }
            case "h2mem" -> store = Objects.requireNonNull(R2dbcEventStores.h2InMemory().block(WAIT), "store");
            case "pg" -> {
                pg = EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start();
                store = Objects.requireNonNull(R2dbcEventStores.postgres("127.0.0.1", pg.getPort(), "postgres", "postgres", "").block(WAIT), "completed empty");
            }
            default -> throw new IllegalArgumentException("unknown store " + name);
        }
        try {
            long start = System.nanoTime();
            SplittableRandom random = new SplittableRandom(7);
            long imported = Objects.requireNonNull(store.importEvents(Flux.range(0, events)
                    .map(i -> note(i, random, corpus))).block(WAIT), "completed empty");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-6s import %,d events in %.0f s (%,.0f events/s)%n", name, imported, seconds,
                    imported / seconds);
            SplittableRandom pick = new SplittableRandom(11);
            Map<String, List<String>> classes = new LinkedHashMap<>();
            classes.put("rare", searches(queries, () -> words[2000 + pick.nextInt(8000)]));
            classes.put("mid", searches(queries, () -> words[50 + pick.nextInt(150)]));
            classes.put("common", searches(queries, () -> words[pick.nextInt(5)]));
            classes.put("two", searches(queries, () -> words[50 + pick.nextInt(150)] + " " + words[50 + pick.nextInt(150)]));
            for (String warm : classes.get("mid").subList(0, Math.min(5, queries))) {
                search(store, warm);
            }
            for (Map.Entry<String, List<String>> c : classes.entrySet()) {
                long[] nanos = new long[c.getValue().size()];
                long results = 0;
                for (int i = 0; i < nanos.length; i++) {
                    long t0 = System.nanoTime();
                    results += search(store, c.getValue().get(i));
                    nanos[i] = System.nanoTime() - t0;
                }
                Arrays.sort(nanos);
                System.out.printf("%-6s %-6s p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms  (%.1f results/query)%n", name,
                        c.getKey(), nanos[nanos.length / 2] / 1e6, nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6,
                        nanos[nanos.length - 1] / 1e6, (double) results / nanos.length);
            }
        } finally {
            store.close().block(WAIT);
            if (pg != null) {
                pg.close();
            }
        }
    }

    private static long search(EventStore store, String text) {
        return Objects.requireNonNull(store.query(Filter.builder().search(text).limit(20).build()).count().block(WAIT), "completed empty");
    }

    private static List<String> searches(int n, java.util.function.Supplier<String> next) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next.get());
        }
        return out;
    }

    private static Event note(int i, SplittableRandom random, SearchCorpus corpus) {
        String content = corpus.content(random);
        String json = "{\"id\":\"" + sha256(i) + "\",\"pubkey\":\"" + sha256(-1 - random.nextInt(AUTHORS))
                + "\",\"created_at\":" + (1_700_000_000L + random.nextInt(31_536_000)) + ",\"kind\":1,\"tags\":[],"
                + "\"content\":\"" + content + "\",\"sig\":\"" + "0".repeat(128) + "\"}";
        return NostrJson.parseEvent(json);
    }

    private static String sha256(int i) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
