package io.reactivestore.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.store.Deletion;
import io.reactivestore.testing.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * LMDB reuses the pages it frees: under a steady workload (a new profile version replacing the old one, a
 * new note, and the note of {@value #LIVE_NOTES} rounds ago deleted, every round) the live data stays the same
 * size, and so must the file. After a warm-up that reaches the steady state, as many rounds again may grow
 * {@code data.mdb} by at most 10%. A size assertion, not a timing one.
 */
class LmdbDiskTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int AUTHORS = 50;
    private static final int LIVE_NOTES = 500;
    private static final int ROUNDS = 3000;

    @TempDir
    Path dir;

    private final List<KeyPair> authors = new ArrayList<>();
    private final List<Event> notes = new ArrayList<>();

    @Test
    void replaceableChurnAndDeletionsKeepTheFileFlat() throws Exception {
        for (int i = 0; i < AUTHORS; i++) {
            authors.add(KeyPair.generate());
        }
        LmdbEventStore store = LmdbEventStore.builder(dir).initialMapSize(1 << 20).open().block(TIMEOUT);
        try {
            rounds(store, 0, ROUNDS);
            long warm = Files.size(dir.resolve("data.mdb"));
            rounds(store, ROUNDS, 2 * ROUNDS);
            long after = Files.size(dir.resolve("data.mdb"));

            assertThat(store.count(List.of(Filter.builder().kinds(1).build())).block(TIMEOUT)).isEqualTo(LIVE_NOTES);
            assertThat(store.count(List.of(Filter.builder().kinds(0).build())).block(TIMEOUT)).isEqualTo(AUTHORS);
            assertThat(after).as("data.mdb after %d more rounds (steady state: %d bytes)", ROUNDS, warm)
                    .isLessThanOrEqualTo(warm + warm / 10);
        } finally {
            store.close().block(TIMEOUT);
        }
    }

    /** Rounds {@code from} (inclusive) to {@code to}, up to 32 in flight (so commits are grouped). */
    private void rounds(LmdbEventStore store, int from, int to) {
        List<Event> created = new ArrayList<>();
        for (int r = from; r < to; r++) {
            Event note = TestEvents.note(authors.get(r % AUTHORS), 1_700_000_000L + r, "note " + r + " ".repeat(200));
            notes.add(note);
            created.add(TestEvents.event(authors.get(r % AUTHORS), 0, 1_700_000_000L + r, "profile " + r));
        }
        Flux.range(from, to - from)
                .flatMap(r -> {
                    Mono<?> profile = store.save(created.get(r - from));
                    Mono<?> note = store.save(notes.get(r));
                    Mono<?> expire = r < LIVE_NOTES ? Mono.empty()
                            : store.delete(Deletion.of(notes.get(r - LIVE_NOTES).id()).withoutTombstone());
                    return Mono.when(profile, note, expire);
                }, 32)
                .then(store.sync())
                .block(TIMEOUT);
    }
}
