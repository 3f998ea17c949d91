package io.reactivestore.benchmarks.memory;

import io.reactivestore.event.Event;
import io.reactivestore.store.EventStore;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;

/**
 * Time to store {@value #BATCH} distinct events of a {@link SyntheticDataset} into a fresh store ({@code memory} or
 * {@code lmdb}, {@code -p store=...}): {@code importEvents} of the whole batch, and {@code concurrentSaves}, one
 * {@code save} per event with 256 in flight (what a relay's connections do; the LMDB store commits them in groups,
 * each commit synced). Events/s = {@value #BATCH} / (seconds per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class StoreSaveBatchBenchmark {

    static final int BATCH = 20_000;

    @Param({"memory", "lmdb"})
    public String store;

    private Event[] events;
    private EventStore target;

    @Setup(Level.Trial)
    public void generate() {
        events = SyntheticDataset.generate(BATCH, 3).events;
    }

    @Setup(Level.Iteration)
    public void freshStore() {
        target = FilledStore.empty(store);
    }

    @TearDown(Level.Iteration)
    public void closeStore() {
        target.close().block();
    }

    @Benchmark
    public long importEvents() {
        return check(target.importEvents(Flux.fromArray(events)).block());
    }

    @Benchmark
    public long concurrentSaves() {
        return check(Flux.fromArray(events).flatMap(target::save, 256).filter(r -> r.isStored()).count().block());
    }

    private static long check(@Nullable Long stored) {
        if (stored == null || stored != BATCH) {
            throw new IllegalStateException("expected " + BATCH + " stored, got " + stored);
        }
        return stored;
    }
}
