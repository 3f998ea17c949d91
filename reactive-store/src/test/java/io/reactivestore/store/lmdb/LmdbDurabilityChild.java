package io.reactivestore.store.lmdb;

import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.store.SaveResult;
import java.nio.file.Path;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * The child JVM of {@link LmdbDurabilityTest}: opens the LMDB store in {@code args[0]} with a 1 MiB map (so
 * it grows while it is written), saves signed events (every tenth addressable, on five addresses) as fast as
 * it can, 64 at a time, and prints {@code ACK <id> <kind>} once a save has completed. Runs until killed.
 */
public final class LmdbDurabilityChild {

    private LmdbDurabilityChild() {
    }

    /**
     * Runs the child.
     *
     * @param args the store directory
     */
    public static void main(String[] args) {
        LmdbEventStore store = LmdbEventStore.builder(Path.of(args[0])).initialMapSize(1 << 20).open().block();
        KeyPair author = KeyPair.generate();
        System.out.println("READY");
        System.out.flush();
        Flux.range(0, Integer.MAX_VALUE)
                .map(i -> author.sign(new UnsignedEvent(1_700_000_000L + i, i % 10 == 0 ? 30000 : 1,
                        List.of(List.of("d", "slot" + (i / 10 % 5)), List.of("t", "durability")), "event " + i)))
                .flatMap(e -> store.save(e).filter(r -> r == SaveResult.SAVED || r == SaveResult.REPLACED)
                        .doOnNext(r -> ack(e.id() + " " + e.kind())), 64)
                .blockLast();
    }

    private static synchronized void ack(String idAndKind) {
        System.out.println("ACK " + idAndKind);
        System.out.flush();
    }
}
