package io.reactivestore.blob;

import io.reactivestore.internal.BlobBytes;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A content-addressed store of immutable blobs: a blob's {@link Ref} is the SHA-256 of its bytes, so
 * putting the same bytes twice stores them once. Backends: in memory ({@code blob.memory}), files
 * ({@code blob.fs}), R2DBC ({@code blob.r2dbc}); decorators (the replica) implement the same contract,
 * which the test suite {@code BlobStoreContract} defines case by case.
 *
 * <p><b>Streaming.</b> {@link #put(Publisher, Ref)} and {@link #read(Ref, long, long)} move a blob as a
 * stream of buffers, so a transfer holds a small window of buffers in memory whatever the blob's size
 * (each backend says its window; the memory backend keeps the blob itself in the heap, by nature).
 * {@link #put(byte[])} and {@link #get(Ref)} are conveniences for blobs that fit in an array.
 *
 * <p><b>Threading.</b> No method blocks the calling thread; all may be called concurrently. Nothing
 * happens until the returned publisher is subscribed.
 *
 * <p><b>Errors.</b> Only through {@code onError}: {@link BlobNotFoundException},
 * {@link CorruptBlobException}, {@link BlobHashMismatchException},
 * {@link io.reactivestore.store.StoreUnavailableException} (transient) when the storage cannot be
 * reached; decorators add their own (see their Javadoc).
 */
public interface BlobStore {

    /**
     * Stores the bytes of {@code content}, hashing them as they pass. The blob becomes visible under
     * its ref only once {@code content} has completed and (if {@code expected} is given) its SHA-256 is
     * {@code expected}; then the returned {@code Mono} completes when the blob is durably stored by the
     * backend's standard. If {@code content} fails, the hash differs ({@link BlobHashMismatchException})
     * or the subscriber cancels before {@code content} completed, nothing becomes visible and nothing
     * is left behind.
     *
     * <p>The store subscribes to {@code content} exactly once (on every subscription of the returned
     * {@code Mono}) and requests a few buffers at a time (backpressure); it reads each buffer between
     * its position and limit without changing them, and does not use a buffer after it has requested
     * the next ones beyond its window (so a caller may not reuse a buffer until the store is done
     * with it: give it fresh or copied buffers). Concurrent puts of the same bytes are safe; at most
     * one of them reports {@link PutResult#added()} for a backend that can tell (every backend of this
     * module can).
     *
     * @param content the bytes, in order
     * @param expected the SHA-256 the bytes must have, or {@code null} for no check
     * @return the blob's ref and whether it was new
     */
    Mono<PutResult> put(Publisher<ByteBuffer> content, @Nullable Ref expected);

    /**
     * {@link #put(Publisher, Ref)} without an expected hash.
     *
     * @param content the bytes, in order
     * @return the blob's ref and whether it was new
     */
    default Mono<PutResult> put(Publisher<ByteBuffer> content) {
        return put(content, null);
    }

    /**
     * {@link #put(Publisher, Ref)} of bytes in borrowed buffers: the store reads each {@link BorrowedBytes}
     * and then releases it exactly once, also when the put fails or is cancelled (elements discarded by
     * operators on the way, including the caller's own upstream ones, are released through Reactor's discard
     * hook). Same visibility, durability, backpressure and errors as {@link #put(Publisher, Ref)}.
     *
     * <p>The default copies each element into a heap buffer, releases it at once and calls
     * {@link #put(Publisher, Ref)}; a backend that can write the buffers where they are (the file store
     * writes direct buffers to its file channel) overrides it and releases each element once written.
     *
     * @param content the bytes, in order
     * @param expected the SHA-256 the bytes must have, or {@code null} for no check
     * @return the blob's ref and whether it was new
     */
    default Mono<PutResult> putBorrowed(Publisher<? extends BorrowedBytes> content, @Nullable Ref expected) {
        Objects.requireNonNull(content, "content");
        return put(Flux.<BorrowedBytes>from(content).map(BorrowedBytes::copyAndRelease)
                .doOnDiscard(BorrowedBytes.class, BorrowedBytes::release), expected);
    }

    /**
     * Stores {@code bytes} (the array is copied, not retained): {@link #put(Publisher, Ref)} of one buffer.
     *
     * @param bytes the bytes
     * @return the blob's ref and whether it was new
     */
    default Mono<PutResult> put(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        byte[] copy = bytes.clone();
        return put(Mono.fromSupplier(() -> ByteBuffer.wrap(copy).asReadOnlyBuffer()), null);
    }

    /**
     * The bytes of the blob with this ref from {@code offset} for up to {@code length} bytes (fewer
     * where the blob ends first; none at or past its end), in order, as buffers of at most 64 KiB read
     * as demand arrives. The buffers are the subscriber's to keep. {@link BlobNotFoundException} if
     * there is no such blob, signalled before any byte. The bytes are not checked against the ref
     * while streaming ({@link #get(Ref)} checks); a blob deleted while it is read may end early with
     * an error.
     *
     * @param ref the blob's reference
     * @param offset the first byte's position, at least 0
     * @param length how many bytes at most, at least 0
     * @return the bytes of the range
     * @throws IllegalArgumentException (at assembly) if {@code offset} or {@code length} is negative
     */
    Flux<ByteBuffer> read(Ref ref, long offset, long length);

    /**
     * All bytes of the blob with this ref: {@link #read(Ref, long, long)} from 0 to its end.
     *
     * @param ref the blob's reference
     * @return the blob's bytes
     */
    default Flux<ByteBuffer> read(Ref ref) {
        return read(ref, 0, Long.MAX_VALUE);
    }

    /**
     * The blob as a file of the local file system, if this store keeps each blob whole in one such file: an
     * optional capability, so that a server can send the file with the kernel's {@code sendfile} (no copy
     * through user space) instead of streaming {@link #read(Ref, long, long)}. Empty when this store keeps
     * no such files (the default: memory, R2DBC, replicas); {@link BlobNotFoundException} when it does and
     * has no blob with this ref. The file's bytes are not checked against the ref.
     *
     * @param ref the blob's reference
     * @return the blob's file and size, or empty if this store has no local files
     */
    default Mono<BlobFile> localFile(Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return Mono.empty();
    }

    /**
     * The size in bytes of the blob with this ref, or {@link BlobNotFoundException}.
     *
     * @param ref the blob's reference
     * @return its size in bytes
     */
    Mono<Long> size(Ref ref);

    /**
     * The blob with this ref in one array, checked against the ref ({@link CorruptBlobException} if its
     * bytes do not hash to it), or {@link BlobNotFoundException}. For blobs that fit in an array; use
     * {@link #read(Ref, long, long)} for large ones.
     *
     * @param ref the blob's reference
     * @return the blob with this ref
     */
    default Mono<Blob> get(Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return BlobBytes.collect(ref, read(ref));
    }

    /**
     * Removes the blob with this ref. Completes once the removal is durable by the backend's standard.
     * Reads already streaming the blob may complete or end with an error. Blobs that anchors or other
     * data still refer to are the caller's concern.
     *
     * @param ref the blob's reference
     * @return {@code true} if the store held the blob, {@code false} if it did not
     */
    Mono<Boolean> delete(Ref ref);

    /**
     * The refs of all stored blobs strictly greater than {@code start}, in ascending order, streamed
     * with backpressure (not collected). Blobs put while the listing runs may or may not appear.
     *
     * @param start the exclusive lower bound, or {@code null} to list from the first ref
     * @return the refs of all stored blobs strictly greater than {@code start}, in ascending order, streamed with backpressure (not collected)
     */
    Flux<Ref> listRefs(@Nullable Ref start);

    /**
     * {@link #listRefs(Ref)} from the first ref.
     *
     * @return every ref, in order
     */
    default Flux<Ref> listRefs() {
        return listRefs(null);
    }
}
