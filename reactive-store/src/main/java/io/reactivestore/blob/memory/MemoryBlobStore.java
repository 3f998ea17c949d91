package io.reactivestore.blob.memory;

import io.reactivestore.blob.Blob;
import io.reactivestore.blob.BlobNotFoundException;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import io.reactivestore.internal.BlobBytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link BlobStore} in the heap: nothing survives the JVM. Every operation completes on the
 * subscribing thread without waiting (a streamed put on the thread that delivers its last buffer).
 * Memory grows with the blobs stored (there is no limit); a streamed put gathers its bytes in a
 * private array and publishes it only once complete and hashed. {@link #read} hands out read-only
 * views of the stored array, {@link #listRefs(Ref)} walks a concurrent sorted map lazily, as demand
 * arrives.
 */
public final class MemoryBlobStore implements BlobStore {

    private final ConcurrentNavigableMap<Ref, byte[]> blobs = new ConcurrentSkipListMap<>();

    /** An empty store. */
    public MemoryBlobStore() {
    }

    @Override
    public Mono<PutResult> put(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return Mono.fromCallable(() -> {
            byte[] copy = bytes.clone();
            Ref ref = Ref.of(copy);
            return new PutResult(ref, blobs.putIfAbsent(ref, copy) == null);
        });
    }

    @Override
    public Mono<PutResult> put(Publisher<ByteBuffer> content, @Nullable Ref expected) {
        Objects.requireNonNull(content, "content");
        return Mono.defer(() -> {
            BlobBytes.Sha256 hash = new BlobBytes.Sha256();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            return Flux.from(content)
                    .doOnNext(buffer -> {
                        hash.update(buffer);
                        byte[] copy = new byte[buffer.remaining()];
                        buffer.duplicate().get(copy);
                        out.write(copy, 0, copy.length);
                    })
                    .then(Mono.fromCallable(() -> {
                        Ref ref = hash.finish(expected);
                        return new PutResult(ref, blobs.putIfAbsent(ref, out.toByteArray()) == null);
                    }));
        });
    }

    @Override
    public Mono<Blob> get(Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return Mono.defer(() -> {
            byte[] bytes = blobs.get(ref);
            return bytes == null ? Mono.error(new BlobNotFoundException(ref)) : Mono.just(new Blob(ref, bytes));
        });
    }

    @Override
    public Flux<ByteBuffer> read(Ref ref, long offset, long length) {
        Objects.requireNonNull(ref, "ref");
        BlobBytes.checkRange(offset, length);
        return Flux.defer(() -> {
            byte[] bytes = blobs.get(ref);
            if (bytes == null) {
                return Flux.error(new BlobNotFoundException(ref));
            }
            int from = (int) Math.min(offset, bytes.length);
            return BlobBytes.slices(bytes, from, (int) BlobBytes.end(offset, length, bytes.length));
        });
    }

    @Override
    public Mono<Long> size(Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return Mono.defer(() -> {
            byte[] bytes = blobs.get(ref);
            return bytes == null ? Mono.error(new BlobNotFoundException(ref)) : Mono.just((long) bytes.length);
        });
    }

    @Override
    public Mono<Boolean> delete(Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return Mono.fromCallable(() -> blobs.remove(ref) != null);
    }

    @Override
    public Flux<Ref> listRefs(@Nullable Ref start) {
        return Flux.defer(() -> Flux.fromIterable(
                (start == null ? blobs : blobs.tailMap(start, false)).keySet()));
    }
}
