package io.reactivestore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.testing.KilledChild;
import io.reactivestore.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged save survives the process being killed, on every durable backend: a child JVM
 * ({@link DurabilityChild}) saves events and prints each acknowledgement while retention deletes addressable
 * events; the parent kills it with SIGKILL mid-stream ({@link KilledChild}), reopens the store and finds every
 * acknowledged regular event and at most one version of each of the five addresses. Replaceable versions may
 * have been replaced or deleted by retention after their acknowledgement, so the id check is on regular events.
 */
@Tag("integration")
class DurabilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventIsInLmdbAfterTheWriterIsKilledAndTheDirectoryIsRefusedWhileItRuns() throws Exception {
        Path data = dir.resolve("data");
        int acks = 2000;
        KilledChild.Acks acked = KilledChild.runAndKill(DurabilityChild.class, List.of("lmdb", data.toString()), acks,
                () -> assertThatThrownBy(() -> LmdbEventStore.open(data).block(TIMEOUT))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("another process"));
        EventStore reopened = LmdbEventStore.open(data).block(TIMEOUT);
        assertAllPresentThenClose(reopened, acked, acks);
    }

    @Test
    void everyAcknowledgedEventIsInTheH2FileAfterTheWriterIsKilled() throws Exception {
        Path data = dir.resolve("data");
        int acks = 400;
        KilledChild.Acks acked = KilledChild.runAndKill(DurabilityChild.class, List.of("h2", data.toString()), acks,
                () -> { });
        assertAllPresentThenClose(R2dbcEventStores.h2File(data).block(TIMEOUT), acked, acks);
    }

    @Test
    void everyAcknowledgedEventIsInPostgresAfterTheWriterIsKilled() throws Exception {
        TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
        int acks = 400;
        try {
            KilledChild.Acks acked = KilledChild.runAndKill(DurabilityChild.class, List.of("postgres", db.host(),
                    String.valueOf(db.port()), db.database(), db.user()), acks, () -> { });
            assertAllPresentThenClose(R2dbcEventStores.postgres(db.host(), db.port(), db.database(), db.user(),
                    db.password()).block(TIMEOUT), acked, acks);
        } finally {
            db.drop();
        }
    }

    private static void assertAllPresentThenClose(EventStore store, KilledChild.Acks acked, int acksBeforeKill) {
        try {
            Set<String> stored = new HashSet<>();
            store.query(Filter.builder().kinds(1).build()).map(Event::id).doOnNext(stored::add).blockLast(TIMEOUT);
            assertThat(acked.regular()).hasSizeGreaterThanOrEqualTo(acksBeforeKill * 8 / 10 - 10);
            assertThat(stored).containsAll(acked.regular());
            assertThat(store.count(List.of(Filter.builder().kinds(30000).build())).block(TIMEOUT))
                    .as("at most one version per address").isLessThanOrEqualTo(5L);
        } finally {
            store.close().block(TIMEOUT);
        }
    }
}
