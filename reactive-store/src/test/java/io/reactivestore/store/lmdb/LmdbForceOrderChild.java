package io.reactivestore.store.lmdb;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.testing.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * The traced child JVM of {@link LmdbForceOrderTest}: opens the LMDB store in {@code args[0]}, makes
 * {@link #LONE} lone saves (each awaited, {@code ACK lone} printed after each), then {@link #CONCURRENT}
 * concurrent ones (64 in flight, {@code ACK concurrent} after each), closes the store and exits.
 */
public final class LmdbForceOrderChild {

    static final int LONE = 20;
    static final int CONCURRENT = 300;

    private LmdbForceOrderChild() {
    }

    /**
     * Runs the child.
     *
     * @param args the store directory
     */
    public static void main(String[] args) {
        Duration timeout = Duration.ofMinutes(2);
        LmdbEventStore store = LmdbEventStore.open(Path.of(args[0])).block(timeout);
        KeyPair author = KeyPair.generate();
        List<Event> events = Flux.range(0, LONE + CONCURRENT)
                .map(i -> TestEvents.note(author, 1_700_000_000L + i, "forced " + i)).collectList().block(timeout);
        for (Event e : events.subList(0, LONE)) {
            store.save(e).block(timeout);
            System.out.println("ACK lone");
            System.out.flush();
        }
        Flux.fromIterable(events.subList(LONE, LONE + CONCURRENT))
                .flatMap(e -> store.save(e).doOnNext(r -> ack()), 64)
                .blockLast(timeout);
        store.close().block(timeout);
        System.exit(0);
    }

    private static synchronized void ack() {
        System.out.println("ACK concurrent");
        System.out.flush();
    }
}
