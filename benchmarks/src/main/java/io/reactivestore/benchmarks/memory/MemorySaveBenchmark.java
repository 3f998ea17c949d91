package io.reactivestore.benchmarks.memory;

import io.reactivestore.benchmarks.model.CpuTime;
import io.reactivestore.event.Event;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.memory.MemoryEventStore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Saves per second into an empty {@link MemoryEventStore}, one thread, each save awaited: every
 * iteration starts a fresh store and saves the same {@value #BATCH} distinct events of a
 * {@link SyntheticDataset} one by one ({@code save(e).block()}), so each op is one real insert into
 * every index, never a duplicate. Throughput mode over a fixed batch would run out of events, so this
 * measures the time of the whole batch: saves/s = {@value #BATCH} / (seconds per batch).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, batchSize = MemorySaveBenchmark.BATCH)
@Measurement(iterations = 5, batchSize = MemorySaveBenchmark.BATCH)
public class MemorySaveBenchmark {

    static final int BATCH = 100_000;

    private Event[] events;
    private EventStore store;
    private int next;
    private final CpuTime cpu = new CpuTime();

    @Setup(Level.Trial)
    public void generate() {
        events = SyntheticDataset.generate(BATCH, 3).events;
    }

    @Setup(Level.Iteration)
    public void freshStore() {
        if (store != null) {
            store.close().block();
        }
        store = MemoryEventStore.create();
        next = 0;
        cpu.start();
    }

    @TearDown(Level.Iteration)
    public void printClock() {
        cpu.ops(next);
        cpu.stopAndPrint("save");
    }

    @Benchmark
    public SaveResult save() {
        SaveResult result = store.save(events[next++]).block();
        if (result != SaveResult.SAVED) {
            throw new IllegalStateException("expected SAVED, got " + result);
        }
        return result;
    }
}
