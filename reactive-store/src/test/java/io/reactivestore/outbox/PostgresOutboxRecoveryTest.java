package io.reactivestore.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.store.StoreUnavailableException;
import io.reactivestore.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * When the server drops the store's connections, operations fail at most with the transient
 * {@link StoreUnavailableException}, the store recovers by itself on new connections, and nothing acknowledged is lost.
 */
@Tag("integration")
class PostgresOutboxRecoveryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void storeRecoversAfterTheServerDropsItsConnections() {
        TestDatabases.PostgresDatabase pg = TestDatabases.freshPostgres();
        OutboxStore<Connection> store = SqlOutbox.open(pg.open(),
                OutboxConfig.builder().eventTypes("vote").build()).block(TIMEOUT);
        SqlDatabase admin = pg.open();
        try {
            UUID kept = store.store(bytes("kept"), "vote").block(TIMEOUT).id();
            store.unreceived().collectList().block(TIMEOUT); // opens further pooled connections

            Long terminated = admin.withConnection(c -> Flux.from(c.createStatement(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()").execute())
                    .flatMap(r -> r.map((row, meta) -> row.get(0, Long.class))))
                    .blockLast(TIMEOUT);
            assertThat(terminated).isPositive();

            // each attempt either works or fails transiently; retrying only transient errors must get through
            Retry transientOnly = Retry.fixedDelay(5, Duration.ofMillis(200))
                    .filter(e -> e instanceof StoreUnavailableException u && u.isTransient());
            UUID after = Mono.defer(() -> store.store(bytes("after"), "vote")).retryWhen(transientOnly)
                    .block(TIMEOUT).id();
            List<UUID> unreceived = Flux.defer(store::unreceived).map(OutboxEvent::id).collectList()
                    .retryWhen(transientOnly).block(TIMEOUT);
            assertThat(unreceived).containsExactly(kept, after);
        } finally {
            admin.close().block(TIMEOUT);
            store.close().block(TIMEOUT);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
