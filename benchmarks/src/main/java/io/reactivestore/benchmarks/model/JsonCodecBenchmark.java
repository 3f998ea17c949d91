package io.reactivestore.benchmarks.model;

import io.reactivestore.event.Event;
import io.reactivestore.event.NostrJson;
import io.reactivestore.relay.message.ClientMessage;
import io.reactivestore.relay.message.MessageJson;
import io.reactivestore.relay.message.RelayMessage;
import java.nio.charset.StandardCharsets;
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
 * Strict codec throughput on one thread, in operations per second: decoding an event, an
 * {@code ["EVENT", event]} client message and a {@code REQ} with two filters, and encoding a relay
 * {@code EVENT} message (which copies the event's kept bytes). Events are typical notes of about
 * 700 bytes ({@link #meanEventBytes} gives the exact mean, to turn ops/s into MB/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class JsonCodecBenchmark extends CpuTimedBenchmark {

    private static final int EVENTS = 256;

    private Event[] events;
    private byte[][] eventJson;
    private byte[][] publishJson;
    private byte[] reqJson;
    private int next;

    @Setup
    public void setUp() {
        List<Event> signed = SampleEvents.signedNotes(EVENTS, 16, 7);
        events = signed.toArray(Event[]::new);
        eventJson = new byte[EVENTS][];
        publishJson = new byte[EVENTS][];
        for (int i = 0; i < EVENTS; i++) {
            eventJson[i] = events[i].jsonBytes();
            publishJson[i] = MessageJson.write(new ClientMessage.Publish(events[i]));
        }
        reqJson = ("[\"REQ\",\"sub-1\",{\"authors\":[\"" + events[0].pubkey() + "\",\"" + events[1].pubkey()
                + "\"],\"kinds\":[1,6,7],\"since\":1700000000,\"limit\":50},{\"#t\":[\"topic1\",\"topic2\"],"
                + "\"kinds\":[1],\"limit\":100}]").getBytes(StandardCharsets.UTF_8);
        System.out.println("# mean event JSON size: " + meanEventBytes() + " bytes");
    }

    /** Mean size of the benchmark's event JSON, printed at setup. */
    long meanEventBytes() {
        long total = 0;
        for (byte[] json : eventJson) {
            total += json.length;
        }
        return total / EVENTS;
    }

    private int nextIndex() {
        countOp();
        int i = next;
        next = (i + 1) & (EVENTS - 1);
        return i;
    }

    @Benchmark
    public Event parseEvent() {
        return NostrJson.parseEvent(eventJson[nextIndex()]);
    }

    @Benchmark
    public ClientMessage parsePublish() {
        return MessageJson.parseClientMessage(publishJson[nextIndex()]);
    }

    @Benchmark
    public ClientMessage parseReq() {
        countOp();
        return MessageJson.parseClientMessage(reqJson);
    }

    @Benchmark
    public byte[] writeEventMessage() {
        return MessageJson.write(new RelayMessage.EventMessage("sub-1", events[nextIndex()]));
    }
}
