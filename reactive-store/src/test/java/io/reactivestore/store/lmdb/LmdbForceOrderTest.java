package io.reactivestore.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.testing.ForceTrace;
import io.reactivestore.testing.StraceTrace;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code OK true} survives power loss on LMDB: LMDB writes and syncs natively, so a child JVM saving into it
 * runs under {@code strace -f} ({@link StraceTrace}). Each lone save's acknowledgement comes after a force of
 * every write to {@code data.mdb} before it, in LMDB's commit order: pages written, {@code fdatasync}, the meta
 * page written ({@code MDB_NOMETASYNC}: without {@code O_DSYNC}), the store's {@code fdatasync} of it, then the
 * acknowledgement (so the environment is not opened with {@code MDB_NOSYNC}, and the deferred meta force is
 * never skipped). Concurrent saves
 * share forces (group commit: fewer {@code fdatasync} calls than saves). Skipped, saying so, where {@code strace} is missing or may not trace.
 */
@Tag("integration")
class LmdbForceOrderTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedSaveWasForcedToTheDeviceAndConcurrentSavesShareForces() throws Exception {
        Optional<Path> strace = StraceTrace.strace();
        Assumptions.assumeTrue(strace.isPresent(),
                "strace is not installed or may not trace here (ptrace): LMDB syncs natively, so only a traced"
                        + " child shows its fdatasync calls");
        Path output = dir.resolve("strace.txt");
        int exit = StraceTrace.run(strace.get(), output, LmdbForceOrderChild.class,
                List.of(dir.resolve("data").toString()));
        assertThat(exit).as("traced child exit code").isZero();

        ForceTrace trace = StraceTrace.read(output, "data.mdb", "ACK ");
        List<String> entries = trace.entries();
        assertThat(trace.count(e -> e.startsWith("ack ") && e.contains("lone"))).isEqualTo(LmdbForceOrderChild.LONE);
        assertThat(trace.count(e -> e.startsWith("ack ") && e.contains("concurrent")))
                .isEqualTo(LmdbForceOrderChild.CONCURRENT);
        // every lone save: its own writes, then a force, then its acknowledgement (concurrent saves are not
        // checked so: the writer's next batch may write while the previous batch's acknowledgements print)
        int previousAck = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).startsWith("ack ") && entries.get(i).contains("lone")) {
                List<String> since = entries.subList(previousAck + 1, i);
                int lastWrite = since.lastIndexOf("write data.mdb");
                assertThat(lastWrite).as("a write before lone ack at entry %d", i).isNotNegative();
                assertThat(since.subList(lastWrite, since.size())).as("a force after the last write, before entry %d", i)
                        .contains("force data.mdb");
                // LMDB's commit (MDB_NOMETASYNC): the pages written and forced, then the meta page written, then
                // the store's own force of it
                int pagesForced = since.indexOf("syscall fdatasync data.mdb");
                assertThat(pagesForced).as("fdatasync before lone ack at entry %d", i).isNotNegative();
                List<String> afterPages = since.subList(pagesForced + 1, since.size());
                int metaWritten = afterPages.indexOf("write data.mdb");
                assertThat(metaWritten).as("meta page written after the pages' fdatasync, before entry %d", i)
                        .isNotNegative();
                assertThat(afterPages.subList(metaWritten, afterPages.size()))
                        .as("meta page forced after it was written, before entry %d", i)
                        .contains("syscall fdatasync data.mdb");
                previousAck = i;
            }
        }
        int firstConcurrent = entries.indexOf(entries.stream().filter(e -> e.contains("concurrent")).findFirst()
                .orElseThrow());
        long concurrentForces = entries.subList(previousAck + 1, entries.size()).stream()
                .filter(e -> e.equals("syscall fdatasync data.mdb")).count();
        assertThat(firstConcurrent).isGreaterThan(previousAck);
        assertThat(concurrentForces).as("group commit: forces for %d concurrent saves", LmdbForceOrderChild.CONCURRENT)
                .isPositive().isLessThan(LmdbForceOrderChild.CONCURRENT);
    }
}
