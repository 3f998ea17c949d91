package io.reactivestore.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.retention.Retention;
import io.reactivestore.store.retention.RetentionPolicy;
import io.reactivestore.testing.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * {@link LmdbEventStore#sizeOnDisk()}: the live pages, growing with the data and falling as events are deleted
 * (while {@code data.mdb} keeps its size), so a size-based {@link Retention} rule works on LMDB.
 */
class LmdbStoreSizeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long NOW = 1_700_100_000L;
    private static final int NOTES = 2_000;

    @TempDir
    Path dir;

    private final KeyPair alice = KeyPair.generate();
    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    private LmdbEventStore store;

    @AfterEach
    void tearDown() {
        clock.dispose();
        if (store != null) {
            store.close().block(TIMEOUT);
        }
    }

    @Test
    void theSizeGrowsWithTheDataAndFallsWhenEventsAreDeletedWhileTheFileKeepsItsSize() throws Exception {
        store = LmdbEventStore.open(dir).block(TIMEOUT);
        long empty = store.sizeOnDisk().block(TIMEOUT);
        List<Event> notes = saveNotes();
        long full = store.sizeOnDisk().block(TIMEOUT);
        long file = Files.size(dir.resolve("data.mdb"));
        // 2,000 notes of about 500 bytes of JSON each, plus their index keys
        assertThat(full - empty).isGreaterThan(NOTES * 500L);
        assertThat(full).isLessThanOrEqualTo(file);

        Flux.fromIterable(notes.subList(0, NOTES * 3 / 4))
                // concurrent deletes share the writer's group commits: one sequential delete per fsync took 30 s
                .flatMap(e -> store.delete(Deletion.of(e.id()).withoutTombstone()), 256).then().block(TIMEOUT);
        long after = store.sizeOnDisk().block(TIMEOUT);
        assertThat(after).as("after deleting three quarters (full %d bytes)", full).isLessThan(full / 2);
        assertThat(Files.size(dir.resolve("data.mdb"))).isGreaterThanOrEqualTo(after);
    }

    @Test
    void aSizeRuleTrimsTheOldestEventsUntilTheStoreIsUnderItsLimit() {
        store = LmdbEventStore.open(dir).block(TIMEOUT);
        clock.advanceTimeTo(Instant.ofEpochSecond(NOW));
        saveNotes();
        long full = store.sizeOnDisk().block(TIMEOUT);
        long limit = full / 2;
        Retention retention = Retention.manual(store, RetentionPolicy.builder().maxBytes(limit)
                .maxDeletionsPerRound(250).build(), clock);
        for (int round = 0; round < NOTES / 250 && store.sizeOnDisk().block(TIMEOUT) > limit; round++) {
            StepVerifier.create(retention.runRound()).expectNextCount(1).expectComplete().verify(TIMEOUT);
        }
        assertThat(store.sizeOnDisk().block(TIMEOUT)).isLessThanOrEqualTo(limit);
        long left = store.count(List.of(Filter.builder().build())).block(TIMEOUT);
        assertThat(left).isBetween(1L, NOTES - 1L);
        // the oldest went first: what is left is the newest
        List<Event> kept = store.query(Filter.builder().build()).collectList().block(TIMEOUT);
        assertThat(kept.get(kept.size() - 1).createdAt()).isEqualTo(NOW - NOTES + (NOTES - left));
    }

    private List<Event> saveNotes() {
        List<Event> notes = new ArrayList<>();
        for (int i = 0; i < NOTES; i++) {
            notes.add(TestEvents.note(alice, NOW - NOTES + i, "note " + i + " " + "x".repeat(300), "t", "topic" + (i % 20)));
        }
        store.importEvents(Flux.fromIterable(notes)).block(TIMEOUT);
        return notes;
    }
}
