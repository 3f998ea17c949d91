package io.reactivestore.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.blob.Ref;
import io.reactivestore.internal.FileOpener;
import io.reactivestore.testing.ForceTrace;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;

/**
 * A compare-and-set of the anchor map file that reported {@code true} survives power loss: the new content
 * was forced, renamed over the old file, and the directory (holding the rename) forced, before it completed.
 */
class FileAnchorForceOrderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theContentAndTheRenameAreForcedBeforeTheSwapCompletes() {
        ForceTrace trace = new ForceTrace();
        FileOpener traced = (path, options) -> trace.wrap(FileChannel.open(path, options), path.getFileName().toString());
        FileAnchorMapCell cell = new FileAnchorMapCell(dir, Schedulers.boundedElastic(), traced);
        Ref previous = null;
        for (int i = 0; i < 3; i++) {
            Ref next = Ref.of(("map " + i).getBytes(StandardCharsets.UTF_8));
            assertThat(cell.compareAndSet(previous, next).doOnNext(ok -> trace.record("ack")).block(TIMEOUT)).isTrue();
            previous = next;
        }
        List<String> entries = trace.entries();
        assertThat(trace.unforcedAcks()).isEmpty();
        int lastWrite = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).startsWith("write ")) {
                lastWrite = i;
            } else if (entries.get(i).equals("ack")) {
                assertThat(entries.subList(lastWrite + 1, i)).as("forces after the write of swap ending at %d", i)
                        .contains("force " + dir.getFileName());
            }
        }
    }
}
