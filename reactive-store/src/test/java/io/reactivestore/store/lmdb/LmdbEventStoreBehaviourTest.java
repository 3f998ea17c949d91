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
    void whatAnIndexScanDoesNotGuaranteeIsStillCheckedOnEachEvent() {
        open();
        Event aliceNote = TestEvents.event(TestEvents.ALICE, 1, 100, "a1", "t", "x", "p", "q");
        Event aliceReaction = TestEvents.event(TestEvents.ALICE, 7, 200, "a7", "t", "x");
        Event bobNote = TestEvents.event(TestEvents.BOB, 1, 300, "b1", "t", "x", "p", "q");
        Event bobOtherTag = TestEvents.event(TestEvents.BOB, 1, 400, "b1y", "t", "y");
        store.importEvents(Flux.just(aliceNote, aliceReaction, bobNote, bobOtherTag)).block(TIMEOUT);
        // more author-kind pairs than the author+kind index is used for: the author index, kinds checked per event
        java.util.Set<Integer> manyKinds = new java.util.LinkedHashSet<>();
        for (int k = 1; manyKinds.size() <= FilterState.MAX_PAIRS; k += 2) {
            manyKinds.add(k); // odd kinds: 1 and 7 among them
        }
        manyKinds.remove(7);
        Filter authorsManyKinds = Filter.builder().authors(TestEvents.ALICE.publicKey(), TestEvents.BOB.publicKey())
                .kinds(manyKinds).build();
        // the author index, the tag checked per event
        Filter authorAndTag = Filter.builder().authors(TestEvents.BOB.publicKey()).tag("t", "y").build();
        // the tag index, the kind and the second tag checked per event
        Filter tagKindOtherTag = Filter.builder().kinds(1).tag("t", "x").tag("p", "q").build();
        // ids, checked against the rest of the filter
        Filter idsAndKind = Filter.builder().ids(aliceNote.id(), aliceReaction.id()).kinds(7).build();

        assertThat(store.query(authorsManyKinds).collectList().block(TIMEOUT))
                .containsExactly(bobOtherTag, bobNote, aliceNote);
        assertThat(store.query(authorAndTag).collectList().block(TIMEOUT)).containsExactly(bobOtherTag);
        assertThat(store.query(tagKindOtherTag).collectList().block(TIMEOUT)).containsExactly(bobNote, aliceNote);
        assertThat(store.query(idsAndKind).collectList().block(TIMEOUT)).containsExactly(aliceReaction);
        assertThat(store.count(List.of(authorsManyKinds)).block(TIMEOUT)).isEqualTo(3);
        assertThat(store.count(List.of(tagKindOtherTag)).block(TIMEOUT)).isEqualTo(2);
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
