package io.reactivestore.benchmarks.layered;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.examples.cache.CacheWorkload;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.layered.LayeredEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;

/**
 * Latency of the "author + limit 50" query (Zipf-drawn authors, 1024 pre-built filters cycled) on:
 * <ul>
 *   <li>{@code l1Hit}: the L1 (memory) alone, holding every event: what an L1 hit costs;
 *   <li>{@code postgresL2}: the PostgreSQL L2 alone (embedded server on loopback);
 *   <li>{@code layeredAllInL1}: the layered store over both, every result in L1: the layered query
 *       still asks L2, which is authoritative, and merges.
 * </ul>
 * One thread, average microseconds per query with every result consumed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class LayeredQueryBenchmark {

    private static final int FILTERS = 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Param("20000")
    public int events;

    private BenchPostgres postgres;
    private EventStore l1;
    private EventStore l2;
    private LayeredEventStore layered;
    private Filter[] filters;
    private int next;

    @Setup(Level.Trial)
    public void fill() {
        CacheWorkload workload = new CacheWorkload(200, 1.0, 11, 1_700_000_000L);
        List<Event> history = workload.history(events);
        postgres = BenchPostgres.start();
        l2 = postgres.eventStore();
        l2.nuke().block(TIMEOUT);
        l2.importEvents(Flux.fromIterable(history)).block(TIMEOUT);
        l1 = MemoryEventStore.create();
        l1.importEvents(Flux.fromIterable(history)).block(TIMEOUT);
        layered = LayeredEventStore.builder(l1, l2).maxEvents(10L * events).build();
        filters = new Filter[FILTERS];
        for (int i = 0; i < FILTERS; i++) {
            filters[i] = workload.authorQuery();
        }
        long results = Objects.requireNonNull(Flux.fromArray(filters).concatMap(f -> l2.query(f).count()).reduce(0L, Long::sum)
                .block(TIMEOUT), "completed empty");
        System.out.printf("%n# %d events; %.1f results per query on average%n", events, (double) results / FILTERS);
    }

    @TearDown(Level.Trial)
    public void close() {
        layered.close().block(TIMEOUT);
        postgres.close();
    }

    private Filter nextFilter() {
        Filter f = filters[next];
        next = (next + 1) & (FILTERS - 1);
        return f;
    }

    private static long consume(Flux<Event> results, Blackhole blackhole) {
        return Objects.requireNonNull(results.doOnNext(blackhole::consume).count().block(TIMEOUT), "completed empty");
    }

    @Benchmark
    public long l1Hit(Blackhole blackhole) {
        return consume(l1.query(nextFilter()), blackhole);
    }

    @Benchmark
    public long postgresL2(Blackhole blackhole) {
        return consume(l2.query(nextFilter()), blackhole);
    }

    @Benchmark
    public long layeredAllInL1(Blackhole blackhole) {
        return consume(layered.query(nextFilter()), blackhole);
    }
}
