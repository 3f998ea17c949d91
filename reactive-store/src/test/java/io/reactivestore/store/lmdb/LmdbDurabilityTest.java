package io.reactivestore.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.testing.KilledChild;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged save survives the process being killed: a child JVM saves events into LMDB and prints each
 * acknowledgement; the parent kills it with SIGKILL mid-stream, reopens the store and finds every acknowledged
 * regular event, and exactly one version of each of the five addresses. While the child runs, the parent
 * cannot open the same directory.
 */
@Tag("integration")
class LmdbDurabilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int ACKS_BEFORE_KILL = 2000;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventIsInTheStoreAfterTheWriterIsKilled() throws Exception {
        Path data = dir.resolve("data");
        KilledChild.Acks acks = KilledChild.runAndKill(LmdbDurabilityChild.class, List.of(data.toString()),
                ACKS_BEFORE_KILL, () -> assertThatThrownBy(() -> LmdbEventStore.open(data).block(TIMEOUT))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("another process"));

        LmdbEventStore reopened = LmdbEventStore.open(data).block(TIMEOUT);
        try {
            Set<String> stored = new HashSet<>();
            reopened.query(Filter.builder().kinds(1).build()).map(Event::id).doOnNext(stored::add)
                    .blockLast(TIMEOUT);
            assertThat(acks.regular()).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL * 8 / 10);
            assertThat(stored).containsAll(acks.regular());
            assertThat(reopened.count(List.of(Filter.builder().kinds(30000).build())).block(TIMEOUT))
                    .isEqualTo(5L);
        } finally {
            reopened.close().block(TIMEOUT);
        }
    }
}
