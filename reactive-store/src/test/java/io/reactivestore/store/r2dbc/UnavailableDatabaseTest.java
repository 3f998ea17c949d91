package io.reactivestore.store.r2dbc;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.InvalidEventException;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.StoreUnavailableException;
import io.reactivestore.testing.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/**
 * A PostgreSQL server that goes away: operations fail with the transient {@link StoreUnavailableException},
 * input errors are still reported as such (they never reach the database), and the same store works
 * again once the server is back on the same port.
 */
@Tag("integration")
class UnavailableDatabaseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aStoppedServerGivesStoreUnavailableAndTheStoreRecoversWhenItIsBack() throws Exception {
        Path data = dir.resolve("pgdata");
        EmbeddedPostgres server = TestDatabases.postgresBuilder().setDataDirectory(data)
                .setCleanDataDirectory(false).start();
        int port = server.getPort();
        R2dbcEventStore store = R2dbcEventStores.postgres("127.0.0.1", port, "postgres", "postgres", "")
                .block(TIMEOUT);
        try {
            Event before = note(ALICE, 100, "before");
            StepVerifier.create(store.save(before)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);

            server.close();

            Event during = note(ALICE, 200, "during");
            StepVerifier.create(store.save(during))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(StoreUnavailableException.class)
                            .satisfies(u -> assertThat(((StoreUnavailableException) u).isTransient()).isTrue()))
                    .verify(TIMEOUT);
            StepVerifier.create(store.query(Filter.ALL)).expectError(StoreUnavailableException.class).verify(TIMEOUT);
            StepVerifier.create(store.count(List.of(Filter.ALL))).expectError(StoreUnavailableException.class)
                    .verify(TIMEOUT);
            StepVerifier.create(store.save(note(ALICE, 300, "x".repeat(300 * 1024))))
                    .expectError(InvalidEventException.class).verify(TIMEOUT);

            server = TestDatabases.postgresBuilder().setDataDirectory(data).setCleanDataDirectory(false)
                    .setPort(port).start();

            StepVerifier.create(store.save(during)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
            StepVerifier.create(store.query(Filter.ALL)).expectNext(during, before).expectComplete().verify(TIMEOUT);
        } finally {
            store.close().block(TIMEOUT);
            server.close();
        }
    }
}
