package io.reactivestore.benchmarks.memory;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.relay.internal.MicrometerRelayMetrics;
import io.reactivestore.relay.internal.RelayMetrics;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.metrics.MeteredEventStore;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the relay's {@code --metrics} adds per operation, in nanoseconds, isolated from the rest of the relay: the
 * store calls and relay meter calls one {@code EVENT}, one {@code REQ} and one live delivery make, with
 * ({@code metered}: {@link MeteredEventStore} and {@link MicrometerRelayMetrics} on a Prometheus registry, as the
 * example server wires them) and without ({@code plain}: the bare store and {@link RelayMetrics#NONE}). The
 * operations are the cheapest the store has (a duplicate save, the newest 50 events), so the difference between
 * the two rows is the meters' cost and nothing else; divided by the relay's CPU per operation (nostr-bench
 * {@code --relay-pid}) it gives the overhead share. One thread, each operation awaited.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MetricsOverheadBenchmark {

    /** Events in the store; a REQ of the benchmark returns the newest {@value #REQ_EVENTS}. */
    private static final int EVENTS = 1_000;
    /** About what the nostr-bench query mix returns per REQ (50, 100 or 10 events). */
    private static final int REQ_EVENTS = 50;

    @Param({"plain", "metered"})
    public String meters;

    private EventStore store;
    private RelayMetrics relay;
    private Event stored;
    private final List<Filter> newest = List.of(Filter.builder().limit(REQ_EVENTS).build());

    @Setup
    public void fill() {
        Event[] events = SyntheticDataset.generate(EVENTS, 5).events;
        EventStore bare = MemoryEventStore.create();
        for (Event e : events) {
            bare.save(e).block();
        }
        stored = events[EVENTS / 2];
        if (meters.equals("metered")) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            store = MeteredEventStore.wrap(bare, registry, "bench");
            relay = MicrometerRelayMetrics.create(registry);
        } else {
            store = bare;
            relay = RelayMetrics.NONE;
        }
    }

    /** The store and meter calls of one {@code EVENT} (a duplicate, so the store's own work is minimal). */
    @Benchmark
    public SaveResult event() {
        long start = relay.now();
        SaveResult result = Objects.requireNonNull(store.save(stored).block(), "a save emits its result");
        relay.eventAnswered(start, result == SaveResult.SAVED);
        return result;
    }

    /** The store and meter calls of one {@code REQ} returning {@value #REQ_EVENTS} stored events. */
    @Benchmark
    public List<Event> req() {
        long start = relay.now();
        List<Event> events = Objects.requireNonNull(store.query(newest).collectList().block(), "collectList emits a list");
        relay.storedAnswered(start);
        return events;
    }

    /** The meter call of one live delivery. */
    @Benchmark
    public void liveDelivery() {
        relay.liveDelivered();
    }
}
