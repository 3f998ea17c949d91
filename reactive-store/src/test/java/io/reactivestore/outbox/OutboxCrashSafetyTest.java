package io.reactivestore.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.reactivestore.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * An acknowledged {@code store} survives the storing JVM being killed with SIGKILL, and an event marked
 * broadcast but never confirmed comes back after {@code markRebroadcast}: a child JVM (the test classpath,
 * {@link OutboxCrashChild}) stores, reports the acknowledgement, and is killed; the test then reopens the store.
 */
@Tag("integration")
class OutboxCrashSafetyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void h2FileKeepsAcknowledgedEventsAcrossAKilledJvm() throws Exception {
        List<UUID> acked = runChildAndKill("h2", directory.toString(), "outbox");
        check(acked, SqlOutbox.h2File(directory, "outbox", OutboxCrashChild.CONFIG));
    }

    @Test
    void postgresKeepsAcknowledgedEventsAcrossAKilledJvm() throws Exception {
        TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
        List<UUID> acked = runChildAndKill("postgresql", db.host(), String.valueOf(db.port()), db.database(),
                db.user());
        check(acked, SqlOutbox.postgres(db.host(), db.port(), db.database(), db.user(), db.password(),
                OutboxCrashChild.CONFIG));
    }

    private void check(List<UUID> acked, Mono<OutboxStore<Connection>> reopen) {
        UUID a = acked.get(0);
        UUID b = acked.get(1);
        assertThat(a).isEqualTo(OutboxEvent.idOf("vote", OutboxCrashChild.EVENT_A));
        OutboxStore<Connection> store = reopen.block(TIMEOUT);
        try {
            assertThat(store.unreceived().collectList().block(TIMEOUT))
                    .containsExactly(OutboxEvent.of("vote", OutboxCrashChild.EVENT_A));
            assertThat(store.pending().map(OutboxEvent::id).collectList().block(TIMEOUT)).containsExactly(a, b);
            store.markRebroadcast(List.of(b)).block(TIMEOUT);
            assertThat(store.unreceived().map(OutboxEvent::id).collectList().block(TIMEOUT)).containsExactly(a, b);
        } finally {
            store.close().block(TIMEOUT);
        }
    }

    /** Starts the child, waits for its acknowledgement line, kills it with SIGKILL and waits for it to die. */
    private List<UUID> runChildAndKill(String... args) throws Exception {
        Path stderr = directory.resolve("child-stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                OutboxCrashChild.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        children.add(child);
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(line).as("child acknowledgement; child stderr:%n%s", Files.exists(stderr)
                ? Files.readString(stderr) : "").startsWith("ACK ");

        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close
        assertThat(child.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137); // 128 + SIGKILL (9)

        String[] parts = line.split(" ");
        return List.of(UUID.fromString(parts[1]), UUID.fromString(parts[2]));
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
