package io.reactivestore.blob.fs;

import static org.assertj.core.api.Assertions.assertThat;

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
 * An acknowledged blob put survives power loss: its bytes were forced, and so was the directory holding its
 * new name (and, for a new fan-out directory, the directories above), before the put completed.
 */
class FileBlobForceOrderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theBytesAndTheNewNameAreForcedBeforeThePutCompletes() {
        ForceTrace trace = new ForceTrace();
        FileOpener traced = (path, options) -> trace.wrap(FileChannel.open(path, options), path.getFileName().toString());
        FileBlobStore blobs = new FileBlobStore(dir, Schedulers.boundedElastic(), traced);
        for (int i = 0; i < 5; i++) {
            blobs.put(("blob " + i).getBytes(StandardCharsets.UTF_8))
                    .doOnNext(r -> trace.record("ack " + r.ref().hex())).block(TIMEOUT);
        }
        List<String> entries = trace.entries();
        assertThat(trace.unforcedAcks()).isEmpty();
        assertThat(trace.count(e -> e.startsWith("ack"))).isEqualTo(5);
        int lastWrite = -1;
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            if (entry.startsWith("write ")) {
                lastWrite = i;
            } else if (entry.startsWith("ack ")) {
                // blobs/ab/cd/abcd...: directory "cd" holds the new name and was forced after the bytes
                String directory = "force " + entry.substring(4).substring(2, 4);
                assertThat(entries.subList(lastWrite + 1, i)).as("between the last write and %s", entry)
                        .contains(directory);
            }
        }
    }
}
