package io.reactivestore.anchor;

import io.reactivestore.blob.Blob;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An {@link AnchorStore} made of any {@link BlobStore} (blobs and map blobs) and an {@link AnchorMapCell} (the map ref). */
final class BlobAnchorStore implements AnchorStore {

    private final BlobStore blobs;
    private final AnchorMapCell cell;

    BlobAnchorStore(BlobStore blobs, AnchorMapCell cell) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.cell = Objects.requireNonNull(cell, "cell");
    }

    @Override
    public Mono<PutResult> put(byte[] bytes) {
        return blobs.put(bytes);
    }

    @Override
    public Mono<PutResult> put(Publisher<ByteBuffer> content, @Nullable Ref expected) {
        return blobs.put(content, expected);
    }

    @Override
    public Mono<Blob> get(Ref ref) {
        return blobs.get(ref);
    }

    @Override
    public Flux<ByteBuffer> read(Ref ref, long offset, long length) {
        return blobs.read(ref, offset, length);
    }

    @Override
    public Mono<Long> size(Ref ref) {
        return blobs.size(ref);
    }

    @Override
    public Mono<Boolean> delete(Ref ref) {
        return blobs.delete(ref);
    }

    @Override
    public Flux<Ref> listRefs(@Nullable Ref start) {
        return blobs.listRefs(start);
    }

    @Override
    public Mono<Ref> anchorMapRef() {
        return cell.current().switchIfEmpty(Mono.error(NoAnchorMapException::new));
    }

    @Override
    public Mono<Ref> updateAnchorMap(Function<Optional<Ref>, Mono<Ref>> update) {
        Objects.requireNonNull(update, "update");
        return cell.current()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(before -> update.apply(before).flatMap(after -> after.equals(before.orElse(null))
                        ? Mono.just(after)
                        : cell.compareAndSet(before.orElse(null), after).flatMap(set -> set
                                ? Mono.just(after)
                                : Mono.error(new UpdateConflictException(before.orElse(null))))));
    }
}
