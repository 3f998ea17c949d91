package io.reactivestore.examples.readme;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** README, "Deletions leave tombstones": a deleted id is refused for good, also after a restart. */
public final class Tombstones {

    private Tombstones() {
    }

    /**
     * Deletes an event from an H2 file store in a temporary directory and saves it again, before and after
     * reopening the store.
     *
     * @param args ignored
     * @throws IOException if the temporary directory cannot be created
     * @throws IllegalStateException if the store behaved otherwise than the README says
     */
    @SuppressWarnings("NullAway") // README snippet: block() on a Mono that always emits; null checks would clutter it
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("tombstones");
        Event note = KeyPair.generate().sign(UnsignedEvent.of(1, "regret"));
        // tag::tombstones[]
        EventStore store = R2dbcEventStores.h2File(dir).block(Duration.ofSeconds(30));
        SaveResult first = store.save(note).block(Duration.ofSeconds(10));         // SAVED
        boolean removed = store.delete(note.id()).block(Duration.ofSeconds(10));   // true; a tombstone stays
        SaveResult again = store.save(note).block(Duration.ofSeconds(10));         // DELETED
        store.close().block(Duration.ofSeconds(10));

        EventStore reopened = R2dbcEventStores.h2File(dir).block(Duration.ofSeconds(30));
        SaveResult afterRestart = reopened.save(note).block(Duration.ofSeconds(10)); // still DELETED
        reopened.close().block(Duration.ofSeconds(10));
        // end::tombstones[]
        List<Object> seen = List.of(first, removed, again, afterRestart);
        if (!seen.equals(List.of(SaveResult.SAVED, true, SaveResult.DELETED, SaveResult.DELETED))) {
            throw new IllegalStateException("unexpected results: " + seen);
        }
    }
}
