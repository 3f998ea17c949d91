package io.reactivestore.store.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Filter;
import io.reactivestore.internal.sql.SqlBuilder;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.internal.sql.SqlDialect;
import io.reactivestore.store.EventLimits;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The limited queries a relay serves most read only the rows they return on H2: H2 takes an index's
 * order for the {@code ORDER BY} (its plan says {@code index sorted}) instead of reading every match and
 * sorting. Without it, a kind with 10 000 events costs 10 000 rows read for a limit of 50.
 */
class H2QueryPlanTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String AUTHOR = "a".repeat(64);

    private static SqlDatabase db;
    private static R2dbcEventStore store;

    @BeforeAll
    static void open() {
        db = TestDatabases.h2InMemory();
        store = R2dbcEventStore.open(db, EventLimits.DEFAULTS, 100, 1000, false).block(TIMEOUT);
    }

    @AfterAll
    static void close() {
        store.close().block(TIMEOUT);
    }

    @Test
    void oneTagValueIsReadInTheTagIndexOrder() {
        assertThat(plan(Filter.builder().kinds(1).tag("t", "nostr").limit(50).build()))
                .contains("EVENT_TAGS_VALUE").contains("index sorted");
    }

    @Test
    void oneAuthorIsReadInTheAuthorIndexOrder() {
        assertThat(plan(Filter.builder().authors(AUTHOR).limit(50).build()))
                .contains("EVENTS_PUBKEY").contains("index sorted");
    }

    @Test
    void pagingBackOneAuthorWithUntilStaysInTheIndexOrder() {
        assertThat(plan(Filter.builder().authors(AUTHOR).kinds(1).until(1_700_000_000L).limit(50).build()))
                .contains("EVENTS_PUBKEY").contains("index sorted");
    }

    @Test
    void oneKindIsReadInTheKindIndexOrder() {
        assertThat(plan(Filter.builder().kinds(7).limit(50).build()))
                .contains("EVENTS_KIND").contains("index sorted");
    }

    @Test
    void noConditionReadsTheNewestIndexInOrder() {
        assertThat(plan(Filter.builder().limit(50).build())).contains("EVENTS_NEWEST").contains("index sorted");
    }

    private static String plan(Filter filter) {
        SqlBuilder explain = FilterSql.query(SqlDialect.H2, List.of(filter)).prefixedWith("EXPLAIN ");
        return db.withConnection(c -> Flux.from(explain.bind(c).execute())
                        .concatMap(r -> r.map((row, m) -> row.get(0, String.class))))
                .collectList()
                .map(lines -> String.join("\n", lines))
                .block(TIMEOUT);
    }
}
