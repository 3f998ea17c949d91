package io.reactivestore.store.r2dbc;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Test helper: kills the backends listening for change notifications, as a network fault would. */
final class PostgresAdmin {

    private PostgresAdmin() {
    }

    /** Terminates every backend of {@code database} whose last statement was a LISTEN; returns how many. */
    static long terminateListeners(ConnectionFactory connections, String database) {
        return Mono.usingWhen(Mono.from(connections.create()),
                c -> Flux.from(c.createStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE datname = $1 AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")
                        .bind(0, database).execute())
                        .flatMap(r -> r.map((row, m) -> ((Number) row.get(0)).longValue()))
                        .next(),
                Connection::close).block(Duration.ofSeconds(30));
    }
}
