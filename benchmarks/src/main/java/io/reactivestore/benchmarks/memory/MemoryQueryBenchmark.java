package io.reactivestore.benchmarks.memory;

import io.reactivestore.benchmarks.model.CpuTimedBenchmark;
import io.reactivestore.event.Filter;
import io.reactivestore.store.EventStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Query latency of {@link io.reactivestore.store.memory.MemoryEventStore} holding {@link #events} events of a {@link SyntheticDataset},
 * one thread, average microseconds per query with every result consumed. Each benchmark cycles
 * through 4096 pre-built filters so that no single author or tag is measured:
 * <ul>
 *   <li>{@code authorLimit50Active}: one author drawn by activity (busy authors often) + {@code limit 50};
 *   <li>{@code authorLimit50Any}: one author drawn uniformly (mostly quiet ones) + {@code limit 50};
 *   <li>{@code kindTagLimit50}: {@code kinds [1]} + {@code #t} of one topic drawn by popularity + {@code limit 50};
 *   <li>{@code tenIds}: ten ids of stored events.
 * </ul>
 * {@code -p store=memory,lmdb,h2} runs the same queries on {@link io.reactivestore.store.lmdb.LmdbEventStore} and the
 * H2 file store too (their reads run on their own threads, so the CPU column, this thread's time, leaves most of
 * their cost out: compare wall time). The store is filled through {@link EventStore#importEvents} once per JVM ({@link FilledStore}): run with
 * {@code -f 0} to fill it once for all four benchmarks (filling a million events takes minutes on a
 * loaded machine), or with forks to isolate them. Setup prints the mean result size of each filter set.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class MemoryQueryBenchmark extends CpuTimedBenchmark {

    private static final int FILTERS = 4096;

    @Param("1000000")
    public int events;

    @Param("memory")
    public String store;

    private EventStore target;
    private Filter[] activeAuthor;
    private Filter[] anyAuthor;
    private Filter[] kindTag;
    private Filter[] tenIds;
    private int next;

    @Setup(Level.Trial)
    public void fill() {
        FilledStore filled = FilledStore.of(events, store);
        SyntheticDataset data = filled.data();
        target = filled.store();

        SplittableRandom random = new SplittableRandom(2);
        activeAuthor = new Filter[FILTERS];
        anyAuthor = new Filter[FILTERS];
        kindTag = new Filter[FILTERS];
        tenIds = new Filter[FILTERS];
        for (int i = 0; i < FILTERS; i++) {
            activeAuthor[i] = Filter.builder().authors(data.activeAuthor(random)).limit(50).build();
            anyAuthor[i] = Filter.builder().authors(data.anyAuthor(random)).limit(50).build();
            kindTag[i] = Filter.builder().kinds(1).tag("t", data.popularTopic(random)).limit(50).build();
            List<String> ids = new ArrayList<>(10);
            for (int j = 0; j < 10; j++) {
                ids.add(data.events[random.nextInt(data.events.length)].id());
            }
            tenIds[i] = Filter.builder().ids(ids).build();
        }
        Map<String, Filter[]> sets = new LinkedHashMap<>();
        sets.put("authorLimit50Active", activeAuthor);
        sets.put("authorLimit50Any", anyAuthor);
        sets.put("kindTagLimit50", kindTag);
        sets.put("tenIds", tenIds);
        sets.forEach((name, set) -> {
            long total = Arrays.stream(set).mapToLong(f -> target.query(f).count().block()).sum();
            System.out.printf("# %s: %.1f results per query on average%n", name, (double) total / FILTERS);
        });
    }

    private long run(Filter[] filters, Blackhole blackhole) {
        countOp();
        Filter filter = filters[next];
        next = (next + 1) & (FILTERS - 1);
        return Objects.requireNonNull(target.query(filter).doOnNext(blackhole::consume).count().block(), "completed empty");
    }

    @Benchmark
    public long authorLimit50Active(Blackhole blackhole) {
        return run(activeAuthor, blackhole);
    }

    @Benchmark
    public long authorLimit50Any(Blackhole blackhole) {
        return run(anyAuthor, blackhole);
    }

    @Benchmark
    public long kindTagLimit50(Blackhole blackhole) {
        return run(kindTag, blackhole);
    }

    @Benchmark
    public long tenIds(Blackhole blackhole) {
        return run(tenIds, blackhole);
    }
}
