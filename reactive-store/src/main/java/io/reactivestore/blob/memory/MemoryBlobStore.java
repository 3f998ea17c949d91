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

    private final ConcurrentNavigableMap<Ref, Blob> blobs = new ConcurrentSkipListMap<>();

    @Override
    public Mono<PutResult> put(byte[] bytes) {
        return Mono.fromCallable(() -> {
            Blob blob = Blob.of(bytes);
            return new PutResult(blob.ref(), blobs.putIfAbsent(blob.ref(), blob) == null);
        });
    }

    @Override
    public Mono<Blob> get(Ref ref) {
        return Mono.defer(() -> {
            Blob blob = blobs.get(ref);
            return blob == null ? Mono.error(new BlobNotFoundException(ref)) : Mono.just(blob);
        });
    }

    @Override
    public Flux<Ref> listRefs(Ref start) {
        return Flux.defer(() -> Flux.fromIterable(
                (start == null ? blobs : blobs.tailMap(start, false)).keySet()));
    }
}
