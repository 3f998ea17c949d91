package io.reactivestore.replica;

import io.reactivestore.anchor.AnchorStore;
import io.reactivestore.blob.Blob;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An {@link AnchorStore} replicated like {@link ReplicaBlobStore} (same rules for blobs, error state,
 * queues, {@link #close()} and {@link #dispose()}), whose anchors replicate too.
 *
 * <p>The first synchronous member is the authority for the anchor map: {@link #anchorMapRef()} reads it,
 * and {@link #updateAnchorMap} runs its optimistic locking there. The map blob is written through this
 * replica (so every member receives it); once the authority accepted the new ref, every other
 * synchronous member is moved to it before the update completes, and every asynchronous member is
 * moved by a write queued behind the blobs it refers to. A failure to move a synchronous member counts
 * as a failed synchronous write.
 */
public final class ReplicaAnchorStore extends ReplicatedStore<AnchorStore> implements AnchorStore {

    private final AnchorStore authority;

    /**
     * Arguments as for {@link ReplicaBlobStore#ReplicaBlobStore}; the first sync store is the map authority.
     *
     * @param syncStores the members written synchronously
     * @param asyncStores the members written asynchronously through bounded queues
     * @param queueLength the capacity of each asynchronous queue
     */
    public ReplicaAnchorStore(List<? extends AnchorStore> syncStores, List<? extends AnchorStore> asyncStores,
            int queueLength) {
        super("anchor replica", syncStores, asyncStores, queueLength);
        this.authority = replication.sync().get(0);
    }

    @Override
    public Mono<PutResult> put(byte[] bytes) {
        return BlobReplicas.put(replication, bytes);
    }

    @Override
    public Mono<Blob> get(Ref ref) {
        return BlobReplicas.get(replication, ref);
    }

    @Override
    public Mono<PutResult> put(Publisher<ByteBuffer> content, @Nullable Ref expected) {
        return BlobReplicas.put(replication, content, expected);
    }

    @Override
    public Flux<ByteBuffer> read(Ref ref, long offset, long length) {
        return BlobReplicas.read(replication, ref, offset, length);
    }

    @Override
    public Mono<Long> size(Ref ref) {
        return BlobReplicas.size(replication, ref);
    }

    @Override
    public Mono<Boolean> delete(Ref ref) {
        return BlobReplicas.delete(replication, ref);
    }

    @Override
    public Flux<Ref> listRefs(@Nullable Ref start) {
        return BlobReplicas.listRefs(replication, start);
    }

    @Override
    public Mono<Ref> anchorMapRef() {
        return replication.guard(authority.anchorMapRef());
    }

    @Override
    public Mono<Ref> updateAnchorMap(Function<Optional<Ref>, Mono<Ref>> update) {
        return replication.guard(authority.updateAnchorMap(update).flatMap(this::mirror));
    }

    private Mono<Ref> mirror(Ref map) {
        Function<AnchorStore, Mono<Ref>> moveTo = s -> s.updateAnchorMap(current -> Mono.just(map));
        return replication.write(s -> s == authority ? Mono.just(map) : moveTo.apply(s),
                results -> map,
                moved -> new AsyncWrite<>("anchor-map", map.hex(), moveTo::apply));
    }
}
