package io.reactivestore.blob;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A content-addressed store of immutable blobs: a blob's {@link Ref} is the SHA-256 of its bytes, so
 * putting the same bytes twice stores them once. Backends: in memory ({@code blob.memory}), files
 * ({@code blob.fs}), R2DBC ({@code blob.r2dbc}); decorators (the replica) implement the same contract,
 * which the test suite {@code BlobStoreContract} defines case by case.
 *
 * <p><b>Threading.</b> No method blocks the calling thread; all may be called concurrently. Nothing
 * happens until the returned publisher is subscribed.
 *
 * <p><b>Errors.</b> Only through {@code onError}: {@link BlobNotFoundException},
 * {@link CorruptBlobException}, {@link io.reactivestore.store.StoreUnavailableException} (transient) when
 * the storage cannot be reached; decorators add their own (see their Javadoc).
 */
public interface BlobStore {

    /**
     * Stores {@code bytes} (the array is not retained). Completes when the blob is durably stored by
     * the backend's standard. Concurrent puts of the same bytes are safe; at most one of them reports
     * {@link PutResult#added()} for a backend that can tell (every backend of this module can).
     *
     * @param bytes the bytes
     * @return the blob's ref and whether it was new
     */
    Mono<PutResult> put(byte[] bytes);

    /**
     * The blob with this ref, or {@link BlobNotFoundException}.
     *
     * @param ref the blob's reference
     * @return the blob with this ref, or {@link BlobNotFoundException}
     */
    Mono<Blob> get(Ref ref);

    /**
     * The refs of all stored blobs strictly greater than {@code start}, in ascending order, streamed
     * with backpressure (not collected). Blobs put while the listing runs may or may not appear.
     *
     * @param start the exclusive lower bound, or {@code null} to list from the first ref
     * @return the refs of all stored blobs strictly greater than {@code start}, in ascending order, streamed with backpressure (not collected)
     */
    Flux<Ref> listRefs(Ref start);

    /**
     * {@link #listRefs(Ref)} from the first ref.
     *
     * @return every ref, in order
     */
    default Flux<Ref> listRefs() {
        return listRefs(null);
    }
}
