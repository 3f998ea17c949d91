package io.reactivestore.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

/** The outbox schema is versioned, created at the first start and left as it is (with its data) at the next. */
@Tag("integration")
class SqlOutboxSchemaTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final OutboxConfig CONFIG = OutboxConfig.builder().eventTypes("vote").build();

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void schemaIsCreatedOnceAndReopeningKeepsEventsAndKeys(String dialect) {
        Supplier<SqlDatabase> database;
        if (dialect.equals("h2")) {
            String name = TestDatabases.uniqueName("outbox_schema");
            database = () -> SqlDatabase.h2InMemory(name, 2, false);
        } else {
            TestDatabases.PostgresDatabase pg = TestDatabases.freshPostgres();
            database = pg::open;
        }
        OutboxStore<Connection> first = SqlOutbox.open(database.get(), CONFIG).block(TIMEOUT);
        first.store("kept".getBytes(StandardCharsets.UTF_8), "vote").block(TIMEOUT);
        first.kv("chain").set("height", new byte[] {7}).block(TIMEOUT);
        first.close().block(TIMEOUT);

        OutboxStore<Connection> second = SqlOutbox.open(database.get(), CONFIG).block(TIMEOUT);
        try {
            assertThat(second.unreceived().map(e -> new String(e.data(), StandardCharsets.UTF_8))
                    .collectList().block(TIMEOUT)).containsExactly("kept");
            assertThat(second.kv("chain").get("height").block(TIMEOUT)).containsExactly(7);
        } finally {
            second.close().block(TIMEOUT);
        }

        SqlDatabase check = database.get();
        try {
            assertThat(check.withConnection(c -> Mono.from(c.createStatement(
                                    "SELECT version FROM outbox_schema_version").execute())
                            .flatMapMany(r -> r.map((row, meta) -> row.get(0, Integer.class))))
                    .collectList().block(TIMEOUT)).containsExactly(1);
        } finally {
            check.close().block(TIMEOUT);
        }
    }
}
