package io.reactivestore.benchmarks.blob;

import io.reactivestore.blob.Blob;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A real blob store seen through a fixed latency: every put and get completes {@code latency} after the
 * real one (on a timer, no thread waits), standing in for a store across a network or on a slow disk.
 * A zero latency adds nothing.
 */
final class LatencyBlobStore implements BlobStore {

    private final BlobStore real;
    private final Duration latency;

    LatencyBlobStore(BlobStore real, Duration latency) {
        this.real = real;
        this.latency = latency;
    }

    @Override
    public Mono<PutResult> put(byte[] bytes) {
        return latency.isZero() ? real.put(bytes) : real.put(bytes).delayElement(latency);
    }

    @Override
    public Mono<PutResult> put(Publisher<ByteBuffer> content, @Nullable Ref expected) {
        Mono<PutResult> put = real.put(content, expected);
        return latency.isZero() ? put : put.delayElement(latency);
    }

    @Override
    public Flux<ByteBuffer> read(Ref ref, long offset, long length) {
        return latency.isZero() ? real.read(ref, offset, length)
                : real.read(ref, offset, length).delaySubscription(latency);
    }

    @Override
    public Mono<Long> size(Ref ref) {
        return real.size(ref);
    }

    @Override
    public Mono<Boolean> delete(Ref ref) {
        return real.delete(ref);
    }

    @Override
    public Mono<Blob> get(Ref ref) {
        return latency.isZero() ? real.get(ref) : real.get(ref).delayElement(latency);
    }

    @Override
    public Flux<Ref> listRefs(@Nullable Ref start) {
        return real.listRefs(start);
    }
}
