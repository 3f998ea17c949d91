package io.reactivestore.benchmarks.blob;

import io.reactivestore.blob.Blob;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.Ref;
import io.reactivestore.blob.memory.MemoryBlobStore;
import io.reactivestore.replica.ReplicaBlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@code get} latency of a {@link ReplicaBlobStore} of 3 synchronous stores of different speeds
 * (50 µs, 200 µs and 1 ms of latency in front of a {@link MemoryBlobStore}) against each of those stores
 * alone, one thread, average microseconds per get of one of 1024 stored blobs. The replica should answer
 * in about the fastest member's time: the race takes the first answer and cancels the other two.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ReplicaGetBenchmark {

    private static final int BLOBS = 1024;

    private BlobStore fast;
    private BlobStore medium;
    private BlobStore slow;
    private ReplicaBlobStore replica;
    private Ref[] refs;
    private int next;

    @Setup
    public void fill() {
        MemoryBlobStore content = new MemoryBlobStore();
        refs = new Ref[BLOBS];
        for (int i = 0; i < BLOBS; i++) {
            refs[i] = Objects.requireNonNull(content.put(("blob " + i).getBytes(StandardCharsets.UTF_8)).block(), "put").ref();
        }
        fast = new LatencyBlobStore(content, Duration.ofNanos(50_000));
        medium = new LatencyBlobStore(content, Duration.ofNanos(200_000));
        slow = new LatencyBlobStore(content, Duration.ofMillis(1));
        replica = new ReplicaBlobStore(List.of(slow, medium, fast), List.of(), 1);
    }

    private Ref nextRef() {
        next = (next + 1) & (BLOBS - 1);
        return refs[next];
    }

    @Benchmark
    public Blob getFastAlone() {
        return Objects.requireNonNull(fast.get(nextRef()).block(), "completed empty");
    }

    @Benchmark
    public Blob getMediumAlone() {
        return Objects.requireNonNull(medium.get(nextRef()).block(), "completed empty");
    }

    @Benchmark
    public Blob getSlowAlone() {
        return Objects.requireNonNull(slow.get(nextRef()).block(), "completed empty");
    }

    @Benchmark
    public Blob getReplicaOfThree() {
        return Objects.requireNonNull(replica.get(nextRef()).block(), "completed empty");
    }
}
