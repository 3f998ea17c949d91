package io.reactivestore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every wait in the test sources of every module (and of the consumer projects under {@code src/it}) is
 * bounded, so a hang fails the build with a stack trace instead of stalling it until the per-test timeout:
 * {@code StepVerifier} ends in {@code verify(Duration)}, never {@code verifyComplete()} or
 * {@code verifyError...()}; {@code block}, {@code blockFirst}, {@code blockLast} take a {@code Duration};
 * {@code CountDownLatch.await}, {@code Thread.join}, {@code Process.waitFor}, {@code BlockingQueue.take} and
 * {@code Semaphore.acquire} take a timeout, and {@code toIterable()}/{@code toStream()} are not used.
 *
 * <p>The scan reads sources as text (surefire runs in the module directory, so {@code ..} is the project
 * root). Its one blind spot: {@code verify()} called on a {@code StepVerifier} held in a variable
 * ({@code verifier.verify()}) looks like {@code Event.verify()} and is not flagged. This file, whose
 * samples are unbounded on purpose, is skipped.
 */
class BoundedWaitsTest {

    /** The unbounded forms; {@code verify()} only chained ({@code ).verify()} or a line starting with it). */
    private static final Pattern UNBOUNDED = Pattern.compile(
            "\\.(verifyComplete|verifyError\\w*|verifyThenAssertThat|block|blockFirst|blockLast|toIterable|toStream"
                    + "|await|join|waitFor|take|acquire)\\((?=\\))"
                    + "|\\.verifyError\\w*\\("
                    + "|(?:^\\s*|\\))\\.verify\\(\\)(?!\\s*\\.)",
            Pattern.MULTILINE);

    static List<String> unbounded(String source) {
        List<String> found = new ArrayList<>();
        Matcher m = UNBOUNDED.matcher(source);
        while (m.find()) {
            int line = 1;
            for (int i = 0; i < m.start(); i++) {
                if (source.charAt(i) == '\n') {
                    line++;
                }
            }
            found.add(line + ": " + m.group().strip());
        }
        return found;
    }

    @Test
    void everyWaitInTheTestSourcesOfEveryModuleIsBounded() throws IOException {
        List<Path> roots = ModuleSources.roots("src/test/java", "src/it");
        assertThat(roots).as("the scan reaches the sibling modules").hasSizeGreaterThanOrEqualTo(5);
        List<String> found = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                        .filter(f -> !f.endsWith("BoundedWaitsTest.java")).toList()) {
                    String source;
                    try {
                        source = Files.readString(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    for (String hit : unbounded(source)) {
                        found.add(file.normalize() + ":" + hit);
                    }
                }
            }
        }
        assertThat(found).as("unbounded waits in test sources").isEmpty();
    }

    @Test
    void theScanFlagsEachUnboundedFormAndAcceptsTheBoundedOnes() {
        String unboundedSource = String.join("\n",
                "StepVerifier.create(flux).expectNext(1).verifyComplete();",
                "StepVerifier.create(flux).verifyError(IllegalStateException.class);",
                "StepVerifier.create(flux).verifyErrorMatches(e -> true);",
                "StepVerifier.create(flux).expectComplete().verify();",
                "        .verify();",
                "store.save(e).block();",
                "store.query(f).blockLast();",
                "flux.toIterable();",
                "latch.await();",
                "thread.join();",
                "process.waitFor();",
                "queue.take();");
        assertThat(unbounded(unboundedSource)).hasSize(12);
        String boundedSource = String.join("\n",
                "StepVerifier.create(flux).expectNext(1).expectComplete().verify(TIMEOUT);",
                "StepVerifier.create(flux).expectError(IllegalStateException.class).verify(Duration.ofSeconds(10));",
                "store.save(e).block(TIMEOUT);",
                "store.query(f).blockLast(Duration.ofSeconds(5));",
                "latch.await(10, TimeUnit.SECONDS);",
                "thread.join(10_000);",
                "assertThat(event.verify()).isSameAs(event);",
                "signer.sign(draft).verify().kind();",
                "flux.take(3);");
        assertThat(unbounded(boundedSource)).isEmpty();
    }
}
