package io.reactivestore.benchmarks.blob;

import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.memory.MemoryBlobStore;
import io.reactivestore.replica.ReplicaBlobStore;
import java.nio.ByteBuffer;
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

/**
 * {@code put} throughput of one store alone against a {@link ReplicaBlobStore} of 1 synchronous + 2
 * asynchronous stores of the same kind (queues of {@link #QUEUE}), one calling thread waiting for each
 * put, 256-byte blobs, each distinct. Members are {@link MemoryBlobStore}s seen through
 * {@link #latencyMicros} of latency ({@code 0}: pure CPU cost, where the replica does three stores' work
 * on a 2-core machine; {@code 100}: a store behind an I/O wait). Fresh stores every iteration; the
 * replica's queues are flushed outside the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class ReplicaPutBenchmark {

    static final int QUEUE = 256;

    @Param({"0", "100"})
    public int latencyMicros;

    private BlobStore alone;
    private ReplicaBlobStore replica;
    private final byte[] bytes = new byte[256];
    private long counter;

    @Setup(Level.Iteration)
    public void freshStores() {
        alone = member();
        replica = new ReplicaBlobStore(List.of(member()), List.of(member(), member()), QUEUE);
    }

    @TearDown(Level.Iteration)
    public void drainReplica() {
        replica.close().block(Duration.ofMinutes(2));
    }

    private BlobStore member() {
        return new LatencyBlobStore(new MemoryBlobStore(), Duration.ofNanos(latencyMicros * 1000L));
    }

    private byte[] nextBlob() {
        ByteBuffer.wrap(bytes).putLong(0, ++counter);
        return bytes;
    }

    @Benchmark
    public PutResult putAlone() {
        return Objects.requireNonNull(alone.put(nextBlob()).block(), "completed empty");
    }

    @Benchmark
    public PutResult putReplicaOneSyncTwoAsync() {
        return Objects.requireNonNull(replica.put(nextBlob()).block(), "completed empty");
    }
}
