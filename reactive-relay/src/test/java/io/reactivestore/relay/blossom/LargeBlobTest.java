package io.reactivestore.relay.blossom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob far larger than the heap goes up and comes back down through the Blossom server: a child JVM with
 * {@code -Xmx64m} serves and uploads and downloads 1 GiB (system property {@code blossom.large.mib}), hashing on
 * both sides. Holding the blob (or a growing part of it) anywhere would fail with OutOfMemoryError.
 */
@Tag("integration")
class LargeBlobTest {

    static final int MIB = Integer.getInteger("blossom.large.mib", 1024);

    @TempDir
    Path dir;

    @Test
    void aBlobFourTimesTheHeapRoundTripsWithItsSha256() throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), LargeBlobChild.class.getName(), dir.toString(),
                Integer.toString(MIB));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        String result = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (line.startsWith("OK ")) {
                    result = line;
                }
            }
        }
        assertThat(child.waitFor(20, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output.toString()).isZero();
        assertThat(result).as(output.toString()).isNotNull();
        String[] f = result.split(" ");
        assertThat(f[1]).as("upload status").isEqualTo("201");
        assertThat(f[3]).as("downloaded sha256").isEqualTo(f[2]);
        assertThat(Long.parseLong(f[4])).isEqualTo((long) MIB << 20);
        System.out.println("large blob round trip: " + MIB + " MiB up in " + f[7] + " ms and down in " + f[8]
                + " ms (" + f[5] + " ms in all); heap in use during the transfers, sampled every 50 ms: max " + f[9]
                + " MiB, mean " + f[10] + " MiB; sum of heap pools' peaks " + f[6] + " MiB (-Xmx64m)");
    }
}
