package io.reactivestore.store.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.store.SaveResult;
import io.reactivestore.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The H2 file stays bounded under lone commits (one event per save, each awaited, as a quiet relay
 * writes): after {@link #SAVES} of them the live file, and the file once closed, are within {@link #MAX_RATIO}
 * times the size of an offline {@code SHUTDOWN COMPACT} of the same data. With H2's default 45 s retention
 * (freed space not reused for 45 s) every lone commit appended about 36-48 KB and this test saw 60-66x; with
 * {@code RETENTION_TIME=0} made crash-safe (see {@code H2FileMaintenance}) and online compaction, 1.2-1.9x.
 * The target (2x after 100 000 lone commits) is measured by {@code H2LoneCommitBench} (BENCHMARKS.md); this
 * test uses fewer commits, where a few uncompacted chunks weigh more, hence the looser bound.
 */
@Tag("integration")
class H2DiskGrowthTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int SAVES = 1_500;
    /**
     * Bound of this test: far below the 60-66x of unbounded growth, with room for H2's background compaction
     * lagging at the moment of the check (3.05x seen once; usually 1.2-1.9x). The 2x target is a steady-state
     * figure, measured in BENCHMARKS.md.
     */
    private static final double MAX_RATIO = 5.0;

    @TempDir
    Path dir;

    @Test
    void theFileStaysWithinASmallFactorOfItsCompactedSizeUnderLoneCommits() throws IOException {
        KeyPair author = KeyPair.generate();
        List<Event> events = Flux.range(0, SAVES)
                .map(i -> TestEvents.note(author, 1_700_000_000L + i, "lone commit number " + i, "t", "topic" + (i % 50)))
                .collectList().block(TIMEOUT);
        R2dbcEventStore store = R2dbcEventStores.h2File(dir).block(TIMEOUT);
        Path file = dir.toAbsolutePath().normalize().resolve("events.mv.db");
        long live;
        try {
            StepVerifier.create(Flux.fromIterable(events).concatMap(store::save))
                    .expectNextCount(SAVES)
                    .expectComplete().verify(TIMEOUT);
            StepVerifier.create(store.save(events.get(0))).expectNext(SaveResult.DUPLICATE).expectComplete().verify(TIMEOUT);
            live = Files.size(file);
            // the size signal of retention: live data, at most the file
            assertThat(store.sizeOnDisk().block(TIMEOUT)).isPositive().isLessThanOrEqualTo(live);
            System.out.printf("H2DiskGrowthTest: %d lone saves, live file %d bytes%n", SAVES, live);
        } finally {
            store.close().block(TIMEOUT);
        }
        long closed = Files.size(file);
        H2Compaction compaction = R2dbcEventStores.compactH2File(dir).block(TIMEOUT);
        assertThat(compaction).isNotNull();
        long compacted = compaction.bytesAfter();
        System.out.printf("H2DiskGrowthTest: closed %d bytes, compacted %d bytes%n", closed, compacted);
        assertThat(live).as("live file vs compacted %d bytes", compacted).isLessThanOrEqualTo((long) (compacted * MAX_RATIO));
        assertThat(closed).as("closed file vs compacted %d bytes", compacted)
                .isLessThanOrEqualTo((long) (compacted * MAX_RATIO));
    }
}
