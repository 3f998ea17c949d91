package io.reactivestore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.client.OkResult;
import io.reactivestore.relay.client.RelayClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runnable distribution: {@code java -jar target/reactive-store-relay.jar} (built by the shade plugin in the
 * package phase) starts the relay with RelayServer's flags, prints its URL, stores and answers a signed event, and
 * stops on SIGTERM. Run by the surefire execution {@code runnable-jar} in the integration-test phase (after the jar
 * exists), with the jar's path in the system property {@code relay.jar}; a plain {@code java} child process, no
 * {@code --add-opens} or other JVM flag.
 */
@Tag("integration")
class RunnableJarIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern URL = Pattern.compile("listening on (ws://\\S+)");

    @TempDir
    Path dir;

    private Process relay;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (relay != null && relay.isAlive()) {
            relay.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lmdb", "h2"})
    void theJarStartsTheRelayThatStoresAndAnswersAnEvent(String store) throws Exception {
        Path jar = Path.of(System.getProperty("relay.jar", "target/reactive-store-relay.jar"));
        assertThat(jar).as("the shaded jar (mvn package builds it)").isRegularFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        relay = new ProcessBuilder(java, "-jar", jar.toAbsolutePath().toString(), "--port", "0",
                "--warm-up-requests", "0", "--store", store, "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> drain(relay), "relay-output");
        reader.setDaemon(true);
        reader.start();
        String url = awaitUrl();

        KeyPair keys = KeyPair.generate();
        Event note = keys.sign(UnsignedEvent.of(1, "from the runnable jar (" + store + ")"));
        RelayClient client = RelayClient.create(url);
        try {
            OkResult ok = client.publish(note).block(TIMEOUT);
            assertThat(ok.accepted()).as("OK of %s", ok).isTrue();
            List<Event> found = client.fetch(Filter.builder().authors(keys.publicKey()).build())
                    .collectList().block(TIMEOUT);
            assertThat(found).containsExactly(note);
        } finally {
            client.closeBlocking();
        }

        relay.toHandle().destroy(); // SIGTERM (Process.destroy would also close its output): the shutdown hook
                                    // stops the relay and closes the store
        assertThat(relay.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited; output %s", output).isTrue();
        reader.join(TIMEOUT.toMillis());
        lines.drainTo(output);
        assertThat(relay.exitValue()).as("output %s", output).isEqualTo(143);
        assertThat(String.join("\n", output)).contains("Store: " + (store.equals("h2") ? "H2" : "LMDB"))
                .contains("relay stopped").doesNotContain("Exception").doesNotContain("WARNING");
        assertThat(Files.exists(dir.resolve("data").resolve(store.equals("h2") ? "events.mv.db" : "data.mdb")))
                .isTrue();
    }

    private void drain(Process process) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output unreadable: " + e + ")");
        }
    }

    /** The ws:// URL the relay prints, read from its output; fails if it exits or says nothing in time. */
    private String awaitUrl() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                assertThat(relay.isAlive()).as("relay running; output %s", output).isTrue();
                continue;
            }
            output.add(line);
            Matcher m = URL.matcher(line);
            if (line.startsWith("Nostr relay") && m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no ws:// URL within " + TIMEOUT + "; output " + output);
    }
}
