package io.reactivestore.store.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged save survives the JVM being killed: a child JVM saves events and prints each
 * acknowledgement; the parent kills it with SIGKILL mid-stream, reopens the store and finds every
 * acknowledged event. Replaceable versions may have been replaced by later acknowledged ones, so the
 * check is on regular events (and on the count of addresses). Retention runs in the child meanwhile,
 * deleting addressable events as they arrive (see {@link DurabilityChild}).
 */
@Tag("integration")
class DurabilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int ACKS_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventIsInTheH2FileAfterTheWriterIsKilled() throws Exception {
        Path data = dir.resolve("data");
        Set<String> acked = runAndKill(List.of("h2", data.toString()));
        R2dbcEventStore reopened = R2dbcEventStores.h2File(data).block(TIMEOUT);
        try {
            assertAllPresent(reopened, acked);
        } finally {
            reopened.close().block(TIMEOUT);
        }
    }

    @Test
    void everyAcknowledgedEventIsInPostgresAfterTheWriterIsKilled() throws Exception {
        TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
        Set<String> acked = runAndKill(List.of("postgres", db.host(), String.valueOf(db.port()), db.database(),
                db.user()));
        R2dbcEventStore reopened = R2dbcEventStores.postgres(db.host(), db.port(), db.database(), db.user(),
                db.password()).block(TIMEOUT);
        try {
            assertAllPresent(reopened, acked);
        } finally {
            reopened.close().block(TIMEOUT);
            db.drop();
        }
    }

    private static void assertAllPresent(R2dbcEventStore store, Set<String> ackedRegular) {
        Set<String> stored = new HashSet<>();
        store.query(Filter.builder().kinds(1).build()).map(Event::id).doOnNext(stored::add).blockLast(TIMEOUT);
        assertThat(ackedRegular).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL * 8 / 10 - 10);
        assertThat(stored).containsAll(ackedRegular);
    }

    /** Runs the child until {@link #ACKS_BEFORE_KILL} acks, kills it, returns the acknowledged ids of kind 1. */
    private Set<String> runAndKill(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DurabilityChild.class.getName());
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<String> ackedRegular = new HashSet<>();
        List<String> all = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    String[] ack = line.split(" ");
                    all.add(ack[1]);
                    if (ack[2].equals("1")) {
                        ackedRegular.add(ack[1]); // addressable versions may legitimately be replaced later
                    }
                    if (all.size() == ACKS_BEFORE_KILL) {
                        sigkill(child); // keep reading: acks printed before the kill are still in the pipe
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        return ackedRegular;
    }

    /** SIGKILL through kill(1): Process.destroyForcibly() would also close our end of the child's stdout. */
    private static void sigkill(Process child) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-KILL", String.valueOf(child.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
}
