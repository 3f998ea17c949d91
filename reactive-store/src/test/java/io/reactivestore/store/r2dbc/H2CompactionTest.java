package io.reactivestore.store.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.store.SaveResult;
import io.reactivestore.testing.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class H2CompactionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void compactingAClosedStoreShrinksItsFileAndKeepsEveryEvent() {
        KeyPair author = KeyPair.generate();
        List<Event> events = Flux.range(0, 200)
                .map(i -> TestEvents.note(author, 1_700_000_000L + i, "note " + i, "t", "topic" + (i % 7)))
                .collectList().block(TIMEOUT);
        R2dbcEventStore store = R2dbcEventStores.h2File(dir).block(TIMEOUT);
        // one commit per event, as a quiet relay makes: each appends its changed pages to the file
        StepVerifier.create(Flux.fromIterable(events).concatMap(store::save))
                .expectNextCount(events.size())
                .expectComplete().verify(TIMEOUT);
        store.close().block(TIMEOUT);

        StepVerifier.create(R2dbcEventStores.compactH2File(dir))
                .assertNext(report -> {
                    assertThat(report.file()).isEqualTo(dir.toAbsolutePath().normalize().resolve("events.mv.db"));
                    assertThat(report.bytesAfter()).isPositive().isLessThan(report.bytesBefore());
                })
                .expectComplete()
                .verify(TIMEOUT);

        R2dbcEventStore reopened = R2dbcEventStores.h2File(dir).block(TIMEOUT);
        try {
            Set<String> stored = reopened.query(List.of(Filter.builder().authors(author.publicKey()).build()))
                    .map(Event::id).collect(Collectors.toSet()).block(TIMEOUT);
            assertThat(stored).isEqualTo(events.stream().map(Event::id).collect(Collectors.toSet()));
        } finally {
            reopened.close().block(TIMEOUT);
        }
    }

    @Test
    void anOpenStoreIsNotCompactedAndKeepsWorking() {
        KeyPair author = KeyPair.generate();
        R2dbcEventStore store = R2dbcEventStores.h2File(dir).block(TIMEOUT);
        try {
            StepVerifier.create(R2dbcEventStores.compactH2File(dir))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("already open in this JVM"))
                    .verify(TIMEOUT);
            StepVerifier.create(store.save(TestEvents.note(author, 1_700_000_000L, "still here")))
                    .expectNext(SaveResult.SAVED)
                    .expectComplete().verify(TIMEOUT);
        } finally {
            store.close().block(TIMEOUT);
        }
    }

    @Test
    void aDirectoryWithoutAStoreIsRefusedAndLeftEmpty() {
        StepVerifier.create(R2dbcEventStores.compactH2File(dir.resolve("nothing")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("no H2 event store"))
                .verify(TIMEOUT);
        assertThat(dir.resolve("nothing")).doesNotExist();
    }
}
