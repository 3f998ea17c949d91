package io.reactivestore.benchmarks.model;

import io.reactivestore.event.Event;
import io.reactivestore.event.Schnorr;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Event checks per second on one thread: the whole check through our API ({@link Event#verify()}: id
 * hash, then BIP-340 signature) against its two parts alone, the id hash ({@link Event#hasValidId()})
 * and libsecp256k1's raw verify on pre-decoded bytes ({@link Schnorr#verify}). The ratio
 * {@code verify / schnorrRaw} is the cost of our layer on top of the native call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class EventVerifyBenchmark extends CpuTimedBenchmark {

    private static final int EVENTS = 1024;

    private Event[] events;
    private byte[][] sigs;
    private byte[][] ids;
    private byte[][] pubkeys;
    private int next;

    @Setup
    public void setUp() {
        List<Event> signed = SampleEvents.signedNotes(EVENTS, 64, 42);
        events = signed.toArray(Event[]::new);
        sigs = new byte[EVENTS][];
        ids = new byte[EVENTS][];
        pubkeys = new byte[EVENTS][];
        for (int i = 0; i < EVENTS; i++) {
            sigs[i] = HexFormat.of().parseHex(events[i].sig());
            ids[i] = HexFormat.of().parseHex(events[i].id());
            pubkeys[i] = HexFormat.of().parseHex(events[i].pubkey());
        }
    }

    private int nextIndex() {
        countOp();
        int i = next;
        next = (i + 1) & (EVENTS - 1);
        return i;
    }

    /** Id hash plus signature through our API: what the relay runs per published event. */
    @Benchmark
    public Event verify() {
        return events[nextIndex()].verify();
    }

    /** The id check alone: canonical serialization and SHA-256. */
    @Benchmark
    public boolean idOnly() {
        return events[nextIndex()].hasValidId();
    }

    /** libsecp256k1 alone, on bytes decoded beforehand: the floor. */
    @Benchmark
    public boolean schnorrRaw() {
        int i = nextIndex();
        return Schnorr.verify(sigs[i], ids[i], pubkeys[i]);
    }
}
