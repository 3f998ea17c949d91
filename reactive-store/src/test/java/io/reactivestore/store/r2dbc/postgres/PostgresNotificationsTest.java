package io.reactivestore.store.r2dbc.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** LISTEN as a stream against the embedded PostgreSQL. */
@Tag("integration")
class PostgresNotificationsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Mono<Void> notify(ConnectionFactory connections, String payload) {
        return Mono.usingWhen(connections.create(),
                c -> Flux.from(c.createStatement("SELECT pg_notify('" + PostgresNotifications.CHANNEL + "', '"
                        + payload + "')").execute()).flatMap(r -> r.map((row, meta) -> 1)).then(),
                Connection::close);
    }

    @Test
    void notificationsOnTheChannelArriveWithTheirPayload() {
        ConnectionFactory connections = TestDatabases.freshPostgres().connections();
        // LISTEN takes effect some time after subscription: notify until the first one is heard
        Disposable notifier = Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(i -> notify(connections, "batch")).subscribe();
        try {
            StepVerifier.create(PostgresNotifications.listen(connections, PostgresNotifications.CHANNEL))
                    .expectNext("batch")
                    .thenCancel()
                    .verify(TIMEOUT);
        } finally {
            notifier.dispose();
        }
    }

    @Test
    void aChannelThatIsNotAPlainIdentifierIsRefused() {
        ConnectionFactory connections = TestDatabases.freshPostgres().connections();
        assertThatThrownBy(() -> PostgresNotifications.listen(connections, "x; DROP TABLE events"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("channel");
    }
}
