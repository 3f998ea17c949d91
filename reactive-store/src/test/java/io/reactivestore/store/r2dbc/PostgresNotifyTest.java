package io.reactivestore.store.r2dbc;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.reactivestore.store.SaveResult;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** A listener on {@code reactive_store_events} hears about committed saves, with their sequence number. */
@Tag("integration")
class PostgresNotifyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aCommittedSaveNotifiesListenersWithTheHighestSequenceItWrote() {
        TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
        R2dbcEventStore store = R2dbcEventStores.postgres(db.host(), db.port(), db.database(), db.user(),
                db.password()).block(TIMEOUT);
        PostgresqlConnection listener = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(db.host()).port(db.port()).database(db.database()).username(db.user()).password(db.password())
                .build()).create().block(TIMEOUT);
        try {
            Flux.from(listener.createStatement("LISTEN reactive_store_events").execute())
                    .flatMap(r -> r.getRowsUpdated()).blockLast(TIMEOUT);
            StepVerifier.create(listener.getNotifications().take(1))
                    .then(() -> assertThat(store.save(note(ALICE, 100, "hello")).block(TIMEOUT))
                            .isEqualTo(SaveResult.SAVED))
                    .assertNext(n -> {
                        assertThat(n.getName()).isEqualTo("reactive_store_events");
                        assertThat(n.getParameter()).as("the first sequence number").isEqualTo("1");
                    })
                    .expectComplete()
                    .verify(TIMEOUT);
        } finally {
            listener.close().block(TIMEOUT);
            store.close().block(TIMEOUT);
            db.drop();
        }
    }

}
