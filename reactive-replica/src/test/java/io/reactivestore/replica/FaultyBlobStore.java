package io.reactivestore.replica;

import io.reactivestore.blob.Blob;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A real {@link BlobStore} with injected faults: writes delayed (on {@code Schedulers.parallel()}, so
 * virtual time drives them), the Nth write failing, reads replaced, listings followed by an error.
 */
final class FaultyBlobStore implements BlobStore {

    static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom(String message) {
            super(message, null, false, false);
        }
    }

    private final BlobStore real;
    private final AtomicInteger puts = new AtomicInteger();
    private Duration putDelay = Duration.ZERO;
    private int failingPut;
    private Function<Mono<Blob>, Mono<Blob>> gets = Function.identity();
    private RuntimeException listingError;

    FaultyBlobStore(BlobStore real) {
        this.real = real;
    }

    /** Each write completes {@code delay} after it starts. */
    FaultyBlobStore putDelay(Duration delay) {
        this.putDelay = delay;
        return this;
    }

    /** The {@code n}th write (counting from 1) fails with a {@link Boom} instead of writing. */
    FaultyBlobStore failPut(int n) {
        this.failingPut = n;
        return this;
    }

    /** Every read is the real one transformed by {@code change}. */
    FaultyBlobStore gets(Function<Mono<Blob>, Mono<Blob>> change) {
        this.gets = change;
        return this;
    }

    /** Every listing ends with {@code error} instead of completing. */
    FaultyBlobStore listingFailsWith(RuntimeException error) {
        this.listingError = error;
        return this;
    }

    int putCount() {
        return puts.get();
    }

    @Override
    public Mono<PutResult> put(byte[] bytes) {
        return Mono.defer(() -> {
            int n = puts.incrementAndGet();
            Mono<PutResult> write = n == failingPut ? Mono.error(new Boom("write " + n + " failed")) : real.put(bytes);
            return putDelay.isZero() ? write : Mono.delay(putDelay).then(write);
        });
    }

    @Override
    public Mono<PutResult> put(Publisher<ByteBuffer> content, Ref expected) {
        return Mono.defer(() -> {
            int n = puts.incrementAndGet();
            Mono<PutResult> write = n == failingPut ? Mono.error(new Boom("write " + n + " failed"))
                    : real.put(content, expected);
            return putDelay.isZero() ? write : Mono.delay(putDelay).then(write);
        });
    }

    @Override
    public Flux<ByteBuffer> read(Ref ref, long offset, long length) {
        return real.read(ref, offset, length);
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
        return gets.apply(real.get(ref));
    }

    @Override
    public Flux<Ref> listRefs(Ref start) {
        Flux<Ref> listing = real.listRefs(start);
        return listingError == null ? listing : listing.concatWith(Flux.error(listingError));
    }
}
