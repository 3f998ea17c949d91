package io.reactivestore.anchor;

import io.reactivestore.blob.BlobNotFoundException;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Copies every store's anchors to every other store, by the ring strategy: in round {@code k}
 * ({@code k = 1 .. N-1}) each store {@code i} copies its anchors (and the blobs they point at) to store
 * {@code (i + k) mod N}. Rounds run one after another; the copies of one round run concurrently. Each
 * copy is one anchor-map update of the target (retried on conflict), putting the source's anchors in by
 * the rules of {@link AnchorStore#put(String, io.reactivestore.blob.Ref, java.time.Instant)}.
 *
 * <p>Afterwards every store holds every anchor that any store held before: for each such anchor
 * {@code (name, ref, at)}, each store's history of {@code name} has an entry with {@code ref} at a time
 * not later than {@code at} (an equal ref may have absorbed it, as the history rules say); when each
 * name's entries come from one store only, all histories come out identical.
 */
public final class AnchorSync {

    private AnchorSync() {
    }

    /**
     * Syncs {@code stores} as described; completes when every round is done, or with the first error.
     *
     * @param stores the stores
     * @return completes when done, or errors
     */
    public static Mono<Void> sync(List<? extends AnchorStore> stores) {
        List<AnchorStore> ring = List.copyOf(stores);
        int n = ring.size();
        return Flux.range(1, Math.max(0, n - 1))
                .concatMap(k -> Flux.range(0, n).flatMap(i -> copy(ring.get(i), ring.get((i + k) % n))))
                .then();
    }

    /**
     * Copies the anchors of {@code from}, and the blobs they point at that {@code to} lacks, into
     * {@code to}. The anchors are held in memory meanwhile (as the anchor map itself is).
     */
    static Mono<Void> copy(AnchorStore from, AnchorStore to) {
        return from.each().collectList().flatMap(anchors -> Flux.fromIterable(anchors)
                .map(Anchor::ref)
                .distinct()
                .concatMap(ref -> to.get(ref).then()
                        .onErrorResume(BlobNotFoundException.class,
                                missing -> from.get(ref).flatMap(blob -> to.put(blob.bytes())).then()))
                .then(AnchorMaps.putAll(to, anchors)));
    }
}
