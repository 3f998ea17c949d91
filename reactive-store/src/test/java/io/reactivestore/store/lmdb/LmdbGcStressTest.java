package io.reactivestore.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.testing.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * Keys and values handed to LMDB stay alive until LMDB has read them: saves and queries run while another
 * thread forces garbage collections. With lmdbjava 0.9.1's own byte-array proxy a relay benchmark and a JMH run
 * crashed the JVM (SIGSEGV in {@code mdb_put}: its native copies could be freed by a collection before the call);
 * whether this test alone reproduces that crash depends on timing, so it guards against regressions, not proves.
 */
@Tag("integration")
class LmdbGcStressTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void savesAndQueriesSurviveGarbageCollectionsAtAnyMoment() throws Exception {
        LmdbEventStore store = LmdbEventStore.builder(dir).initialMapSize(1 << 20).cachedEvents(0).open()
                .block(TIMEOUT);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread collector = new Thread(() -> {
            while (running.get()) {
                System.gc();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gc-stress");
        collector.start();
        try {
            List<Event> notes = Flux.range(0, 2000)
                    .map(i -> TestEvents.note(TestEvents.ALICE, 1_700_000_000L + i, "note " + i, "t", "t" + (i % 7)))
                    .collectList().block(TIMEOUT);
            Long stored = Flux.fromIterable(notes)
                    .flatMap(e -> store.save(e).then(store.query(Filter.builder().tag("t", "t" + (e.createdAt() % 7))
                            .limit(20).build()).count()), 64)
                    .then(store.count(List.of(Filter.ALL)))
                    .block(TIMEOUT);
            assertThat(stored).isEqualTo(2000);
        } finally {
            running.set(false);
            collector.join(TIMEOUT.toMillis());
            assertThat(collector.isAlive()).as("collector thread stopped").isFalse();
            store.close().block(TIMEOUT);
        }
    }
}
