package io.reactivestore.blob.memory;

import io.reactivestore.blob.Blob;
import io.reactivestore.blob.BlobNotFoundException;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link BlobStore} in the heap: nothing survives the JVM. Every operation completes on the
 * subscribing thread without waiting. Memory grows with the blobs stored (there is no limit).
 * {@link #listRefs(Ref)} walks a concurrent sorted map lazily, as demand arrives.
 */
public final class MemoryBlobStore implements BlobStore {

    private final ConcurrentNavigableMap<Ref, byte[]> blobs = new ConcurrentSkipListMap<>();

    @Override
    public Mono<PutResult> put(byte[] bytes) {
        return Mono.fromCallable(() -> {
            byte[] copy = bytes.clone();
            Ref ref = Ref.of(copy);
            return new PutResult(ref, blobs.putIfAbsent(ref, copy) == null);
        });
    }

    @Override
    public Mono<Blob> get(Ref ref) {
        return Mono.defer(() -> {
            byte[] bytes = blobs.get(ref);
            return bytes == null ? Mono.error(new BlobNotFoundException(ref)) : Mono.just(new Blob(ref, bytes));
        });
    }

    @Override
    public Flux<Ref> listRefs(Ref start) {
        return Flux.defer(() -> Flux.fromIterable(
                (start == null ? blobs : blobs.tailMap(start, false)).keySet()));
    }
}
