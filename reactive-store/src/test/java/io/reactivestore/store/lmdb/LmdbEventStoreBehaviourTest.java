package io.reactivestore.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.SaveResult;
import io.reactivestore.testing.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** What the LMDB store promises beyond the contract: threads, growth, paging, ownership of its directory. */
class LmdbEventStoreBehaviourTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private LmdbEventStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close().block(TIMEOUT);
        }
    }

    private LmdbEventStore open() {
        store = LmdbEventStore.builder(dir).initialMapSize(1 << 20).open().block(TIMEOUT);
        return store;
    }

    private static List<Event> notes(int count, int contentBytes, long since) {
        return Flux.range(0, count)
                .map(i -> TestEvents.note(TestEvents.ALICE, since + i, i + "x".repeat(contentBytes)))
                .collectList().block(TIMEOUT);
    }

    @Test
    void aPausedQueryHoldsNoTransactionSoTheMapCanGrowMeanwhile() {
        open();
        store.importEvents(Flux.fromIterable(notes(600, 100, 1_700_000_000L))).block(TIMEOUT);
        long before = store.mapSize();
        List<Event> more = notes(3000, 1000, 1_800_000_000L);

        StepVerifier.create(store.query(Filter.ALL), 1)
                .expectNextCount(1)
                .then(() -> assertThat(store.importEvents(Flux.fromIterable(more)).block(TIMEOUT)).isEqualTo(3000))
                .then(() -> assertThat(store.mapSize()).isGreaterThan(before))
                .thenRequest(Long.MAX_VALUE)
                .expectNextCount(599) // the newer events lie behind the query's position: a query never goes back
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void readsRunOnTheReaderPoolAndResultsAreNotEmittedOnTheWriter() {
        open();
        String saveThread = store.save(TestEvents.note(TestEvents.ALICE, 1, "a"))
                .map(r -> Thread.currentThread().getName()).block(TIMEOUT);
        List<String> readThreads = store.query(Filter.ALL).map(e -> Thread.currentThread().getName())
                .collectList().block(TIMEOUT);

        assertThat(saveThread).doesNotStartWith("lmdb-writer");
        assertThat(readThreads).singleElement().asString().startsWith("lmdb-reader");
    }

    @Test
    void aQueryLongerThanOnePageIsComplete() {
        open();
        List<Event> all = notes(1000, 10, 1_700_000_000L);
        store.importEvents(Flux.fromIterable(all)).block(TIMEOUT);

        assertThat(store.query(Filter.builder().authors(TestEvents.ALICE.publicKey()).build()).count().block(TIMEOUT))
                .isEqualTo(1000);
        assertThat(store.export().count().block(TIMEOUT)).isEqualTo(1000);
        assertThat(store.count(List.of(Filter.builder().kinds(1).build())).block(TIMEOUT)).isEqualTo(1000);
    }

    @Test
    void theDirectoryIsOwnedByOneStoreAndReleasedByClose() {
        open();
        Event note = TestEvents.note(TestEvents.ALICE, 1, "kept");
        assertThat(store.save(note).block(TIMEOUT)).isEqualTo(SaveResult.SAVED);
        assertThatIllegalStateException().isThrownBy(() -> LmdbEventStore.open(dir).block(TIMEOUT))
                .withMessageContaining("already open in this JVM");

        store.close().block(TIMEOUT);
        open();

        assertThat(store.query(Filter.ALL).collectList().block(TIMEOUT)).containsExactly(note);
        assertThat(store.save(TestEvents.note(TestEvents.ALICE, 2, "next")).block(TIMEOUT)).isEqualTo(SaveResult.SAVED);
    }
}
