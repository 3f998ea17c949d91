package io.reactivestore.benchmarks.layered;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.examples.cache.CacheWorkload;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.layered.LayeredEventStore;
import io.reactivestore.store.layered.LayeredStats;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hit rate and throughput of a layered store (memory L1 capped at 5% of L2's bytes, PostgreSQL L2) on a
 * Zipf-distributed query workload, with the PostgreSQL L2 alone under the same workload for
 * comparison. Queries run {@code --concurrency} at a time for {@code --seconds} per phase after a
 * warm-up phase of the same length; the filters (author + limit 50 half the time, topic, profile, id)
 * are drawn up front so that both stores see the same sequence.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am -DskipTests package exec:exec
 * -Dbench.main=io.reactivestore.benchmarks.layered.ZipfWorkload -Djmh.args="--events 40000 --seconds 20"}
 */
public final class ZipfWorkload {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private ZipfWorkload() {
    }

    public static void main(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int events = Integer.parseInt(options.getOrDefault("--events", "40000"));
        long seconds = Long.parseLong(options.getOrDefault("--seconds", "20"));
        int concurrency = Integer.parseInt(options.getOrDefault("--concurrency", "8"));
        double exponent = Double.parseDouble(options.getOrDefault("--zipf", "1.0"));

        CacheWorkload workload = new CacheWorkload(2_000, exponent, 5, 1_700_000_000L);
        List<Event> history = workload.history(events);
        long l2Bytes = history.stream().mapToLong(Event::jsonLength).sum();
        List<Filter> filters = new ArrayList<>();
        for (int i = 0; i < 1 << 18; i++) {
            filters.add(workload.someQuery(history));
        }
        try (BenchPostgres postgres = BenchPostgres.start()) {
            EventStore l2 = postgres.eventStore();
            l2.nuke().block(TIMEOUT);
            l2.importEvents(Flux.fromIterable(history)).block(TIMEOUT);
            long l1Cap = l2Bytes / 20;
            System.out.printf("L2: %d events, %d KB of JSON; L1 cap %d KB (5%%); Zipf s=%.2f; %d queries at a time; "
                    + "%d s per phase%n", events, l2Bytes >> 10, l1Cap >> 10, exponent, concurrency, seconds);

            AtomicInteger l2Cursor = new AtomicInteger();
            run("PostgreSQL L2 alone (warm-up)", l2, filters, l2Cursor, concurrency, seconds);
            double l2Rate = run("PostgreSQL L2 alone", l2, filters, l2Cursor, concurrency, seconds);

            LayeredEventStore layered = LayeredEventStore.builder(MemoryEventStore.create(), l2).maxBytes(l1Cap)
                    .collectEvery(Duration.ofMillis(500)).build();
            AtomicInteger layeredCursor = new AtomicInteger();
            run("layered (warm-up, fills L1)", layered, filters, layeredCursor, concurrency, seconds);
            LayeredStats warm = layered.stats();
            double layeredRate = run("layered", layered, filters, layeredCursor, concurrency, seconds);
            LayeredStats end = layered.stats();
            long hits = end.hits() - warm.hits();
            long misses = end.misses() - warm.misses();
            System.out.printf("layered: hit rate %.1f%% of results after warm-up; L1 %d KB (%d events); evicted %d; "
                            + "back-fill dropped %d%n", 100.0 * hits / Math.max(1, hits + misses), end.l1Bytes() >> 10,
                    end.l1Events(), end.evicted(), end.backfillDropped());
            System.out.printf("throughput ratio layered / L2 alone: %.2f%n", layeredRate / l2Rate);
            layered.close().block(TIMEOUT);
        }
    }

    /**
     * Runs queries for {@code seconds}, taking filters from {@code cursor} on (so a measured phase does
     * not replay its warm-up); prints and returns queries per second.
     */
    private static double run(String name, EventStore store, List<Filter> filters, AtomicInteger cursor,
                              int concurrency, long seconds) {
        AtomicLong queries = new AtomicLong();
        AtomicLong results = new AtomicLong();
        long start = System.nanoTime();
        Flux.range(0, Integer.MAX_VALUE)
                .map(i -> filters.get(cursor.getAndIncrement() & (filters.size() - 1)))
                .flatMap(f -> store.query(f).count().doOnNext(n -> {
                    queries.incrementAndGet();
                    results.addAndGet(n);
                }), concurrency)
                .take(Duration.ofSeconds(seconds))
                .then(Mono.empty())
                .block(TIMEOUT);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double rate = queries.get() / elapsed;
        System.out.printf("%-30s %8.0f queries/s  %6.1f results/query%n", name, rate,
                (double) results.get() / Math.max(1, queries.get()));
        return rate;
    }
}
