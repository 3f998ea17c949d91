package io.reactivestore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StraceTrace#read} on strace output as strace prints it: pids of any width (padded), calls cut by
 * another thread ({@code <unfinished ...>} / {@code resumed}), an {@code O_DSYNC} descriptor, other files ignored.
 */
class StraceTraceTest {

    @TempDir
    Path dir;

    @Test
    void readsWritesForcesAndAcknowledgementsInCompletionOrder() throws Exception {
        Path output = dir.resolve("strace.txt");
        Files.write(output, List.of(
                "812   openat(AT_FDCWD</x>, \"/x/data.mdb\", O_RDWR|O_CREAT|O_CLOEXEC, 0644) = 7</x/data.mdb>",
                "812   openat(AT_FDCWD</x>, \"/x/data.mdb\", O_WRONLY|O_DSYNC|O_CLOEXEC) = 8</x/data.mdb>",
                "812   pwrite64(7</x/data.mdb>, \"\\1\\2\", 2, 4096) = 2",
                "812   write(9</x/other.log>, \"x\", 1) = 1",
                "812   fdatasync(7</x/data.mdb> <unfinished ...>",
                "12345 write(1</dev/null>, \"ACK early\\n\", 10) = 10",
                "812   <... fdatasync resumed>) = 0",
                "812   pwrite64(8</x/data.mdb>, \"\\3\", 1, 0) = 1",
                "813   write(1</dev/null>, \"ACK late\\n\", 9) = 9"));

        ForceTrace trace = StraceTrace.read(output, "data.mdb", "ACK ");

        assertThat(trace.entries()).containsExactly(
                "write data.mdb",
                "syscall fdatasync data.mdb",
                "ack , \"ACK early\\n\", 10) = 10",
                "force data.mdb",
                "write data.mdb",
                "force data.mdb",
                "syscall O_DSYNC pwrite64 data.mdb",
                "ack , \"ACK late\\n\", 9) = 9");
        assertThat(trace.unforcedAcks()).hasSize(1).first().asString().contains("ACK early");
    }
}
