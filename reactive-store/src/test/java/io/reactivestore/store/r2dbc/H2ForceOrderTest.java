package io.reactivestore.store.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.store.EventLimits;
import io.reactivestore.testing.ForceTrace;
import io.reactivestore.testing.TestEvents;
import io.reactivestore.testing.TracedH2FileSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * {@code OK true} survives power loss on the H2 file store: H2's file channel is traced (an H2 file system
 * wrapping the disk) and every acknowledgement must come after a force ({@code fsync}) of every write
 * before it; concurrent saves share forces (group commit).
 */
class H2ForceOrderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedSaveWasForcedToTheDeviceAndConcurrentSavesShareForces() {
        ForceTrace trace = new ForceTrace();
        TracedH2FileSystem.use(trace);
        R2dbcEventStore store = R2dbcEventStore.open(SqlDatabase.h2File(TracedH2FileSystem.PREFIX, dir, "events", 8),
                EventLimits.DEFAULTS, 500, 10_000, true).block(TIMEOUT);
        KeyPair author = KeyPair.generate();
        List<Event> events = Flux.range(0, 220)
                .map(i -> TestEvents.note(author, 1_700_000_000L + i, "forced " + i)).collectList().block(TIMEOUT);
        try {
            trace.clear();
            for (Event e : events.subList(0, 20)) { // lone saves: write, force, ack, one after the other
                store.save(e).doOnNext(r -> trace.record("ack")).block(TIMEOUT);
            }
            assertThat(trace.count(e -> e.equals("ack"))).isEqualTo(20);
            assertThat(trace.count(e -> e.startsWith("write events.mv.db"))).isPositive();
            assertThat(trace.unforcedAcks()).isEmpty();

            trace.clear();
            Flux.fromIterable(events.subList(20, 220))
                    .flatMap(e -> store.save(e).doOnNext(r -> trace.record("ack concurrent")), 64)
                    .blockLast(TIMEOUT);
            assertThat(trace.count(e -> e.startsWith("ack"))).isEqualTo(200);
            assertThat(trace.count(e -> e.startsWith("force events.mv.db"))).as("group commit").isLessThan(200);
        } finally {
            store.close().block(TIMEOUT);
        }
    }
}
