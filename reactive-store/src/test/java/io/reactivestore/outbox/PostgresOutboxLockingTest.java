package io.reactivestore.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads never wait for writes, down to the database: while a caller's open transaction holds the row lock of an
 * event it deleted, the store's mark of that event waits in PostgreSQL (the hazard {@link OutboxStore} warns
 * about), and the store's reads still answer at once with the last committed state. When the caller rolls back,
 * the mark goes through.
 */
@Tag("integration")
class PostgresOutboxLockingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void readsAnswerWhileAWriteWaitsForARowLockOfTheCaller() {
        TestDatabases.PostgresDatabase pg = TestDatabases.freshPostgres();
        OutboxStore<Connection> store = SqlOutbox.open(pg.open(),
                OutboxConfig.builder().eventTypes("vote").build()).block(TIMEOUT);
        SqlDatabase caller = pg.open();
        SqlDatabase observer = pg.open();
        AtomicReference<CompletableFuture<Void>> mark = new AtomicReference<>();
        try {
            UUID a = store.store("a".getBytes(StandardCharsets.UTF_8), "vote").block(TIMEOUT).id();
            List<UUID> seenDuringLock = caller.inTransaction(tx -> store.delete(tx, a)
                            .then(Mono.fromRunnable(() -> mark.set(store.markBroadcasted(List.of(a)).toFuture())))
                            .then(waitingLocks(observer).filter(n -> n > 0).repeatWhenEmpty(
                                    r -> r.delayElements(Duration.ofMillis(50)).take(200))
                                    .switchIfEmpty(Mono.error(new AssertionError("the mark never waited for the lock"))))
                            .then(store.unreceived().map(OutboxEvent::id).collectList())
                            .flatMap(seen -> Mono.<List<UUID>>error(new RolledBack(seen))))
                    .onErrorResume(RolledBack.class, e -> Mono.just(e.seen))
                    .blockLast(TIMEOUT);

            assertThat(seenDuringLock).containsExactly(a); // the delete and the mark are both invisible
            assertThat(mark.get()).succeedsWithin(TIMEOUT);
            assertThat(store.unreceived().collectList().block(TIMEOUT)).isEmpty(); // the mark went through
            assertThat(store.pending().map(OutboxEvent::id).collectList().block(TIMEOUT)).containsExactly(a);
        } finally {
            caller.close().block(TIMEOUT);
            observer.close().block(TIMEOUT);
            store.close().block(TIMEOUT);
        }
    }

    /** How many lock requests wait in this database right now. */
    private static Mono<Long> waitingLocks(SqlDatabase db) {
        return db.withConnection(c -> Flux.from(c.createStatement(
                        "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                                + " WHERE NOT l.granted AND a.datname = current_database()").execute())
                .flatMap(r -> r.map((row, meta) -> row.get(0, Long.class))))
                .next();
    }

    /** Ends the caller's transaction with a rollback, carrying what it saw. */
    private static final class RolledBack extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient List<UUID> seen;

        RolledBack(List<UUID> seen) {
            super("roll back", null, false, false);
            this.seen = seen;
        }
    }
}
