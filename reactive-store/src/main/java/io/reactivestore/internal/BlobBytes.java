package io.reactivestore.internal;

import io.reactivestore.blob.Blob;
import io.reactivestore.blob.BlobHashMismatchException;
import io.reactivestore.blob.CorruptBlobException;
import io.reactivestore.blob.Ref;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Helpers the blob backends share for streamed bytes: hashing, re-chunking, ranges, collecting. */
public final class BlobBytes {

    /** The largest buffer a backend hands to a reader, and the chunk size of stored chunks. */
    public static final int CHUNK = 64 * 1024;

    private BlobBytes() {
    }

    /** A SHA-256 and a byte count, fed buffer by buffer. Not thread-safe: one stream feeds it in order. */
    public static final class Sha256 {

        private final MessageDigest digest;
        private long size;

        /** A digest of no bytes yet. */
        public Sha256() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform provides SHA-256", e);
            }
        }

        /**
         * Adds the bytes of {@code buffer} between its position and limit, leaving both unchanged.
         *
         * @param buffer the bytes
         */
        public void update(ByteBuffer buffer) {
            size += buffer.remaining();
            digest.update(buffer.duplicate());
        }

        /** {@return how many bytes were added} */
        public long size() {
            return size;
        }

        /**
         * The ref of the bytes added; only once.
         *
         * @param expected the ref they must have, or {@code null}
         * @return their ref
         * @throws BlobHashMismatchException if {@code expected} is given and differs
         */
        public Ref finish(@Nullable Ref expected) {
            Ref ref = new Ref(Hex.encode(digest.digest()));
            if (expected != null && !expected.equals(ref)) {
                throw new BlobHashMismatchException(expected, ref);
            }
            return ref;
        }
    }

    /**
     * Checks a range's arguments.
     *
     * @param offset at least 0
     * @param length at least 0
     * @throws IllegalArgumentException if either is negative
     */
    public static void checkRange(long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset: must be at least 0, got " + offset);
        }
        if (length < 0) {
            throw new IllegalArgumentException("length: must be at least 0, got " + length);
        }
    }

    /**
     * The end (exclusive) of the range {@code offset, length} within a blob of {@code size} bytes,
     * never before {@code offset}'s clamp to the size.
     *
     * @param offset the first position
     * @param length the length asked for
     * @param size the blob's size
     * @return {@code min(offset + length, size)} without overflow, at least {@code min(offset, size)}
     */
    public static long end(long offset, long length, long size) {
        long start = Math.min(offset, size);
        return length >= size - start ? size : start + length;
    }

    /**
     * The bytes {@code [from, to)} of {@code bytes} as read-only views of at most {@link #CHUNK} bytes.
     *
     * @param bytes an array nobody changes
     * @param from first position
     * @param to end position (exclusive)
     * @return the views, in order
     */
    public static Flux<ByteBuffer> slices(byte[] bytes, int from, int to) {
        int count = (to - from + CHUNK - 1) / CHUNK;
        return Flux.range(0, count).map(i -> {
            int start = from + i * CHUNK;
            return ByteBuffer.wrap(bytes, start, Math.min(CHUNK, to - start)).slice().asReadOnlyBuffer();
        });
    }

    /**
     * Re-cuts {@code content} into chunks of exactly {@code size} bytes (the last one shorter, none for
     * no bytes), each a new array. Holds at most one partly filled chunk; backpressure passes through.
     *
     * @param content the bytes
     * @param size the chunk size
     * @return the chunks, in order
     */
    public static Flux<byte[]> rechunk(Publisher<ByteBuffer> content, int size) {
        return Flux.defer(() -> {
            ByteBuffer[] current = {ByteBuffer.allocate(size)};
            return Flux.from(content)
                    .concatMapIterable(buffer -> {
                        ByteBuffer in = buffer.duplicate();
                        List<byte[]> full = new ArrayList<>(1);
                        while (in.hasRemaining()) {
                            ByteBuffer out = current[0];
                            int n = Math.min(out.remaining(), in.remaining());
                            ByteBuffer part = in.slice();
                            part.limit(n);
                            out.put(part);
                            in.position(in.position() + n);
                            if (!out.hasRemaining()) {
                                full.add(out.array());
                                current[0] = ByteBuffer.allocate(size);
                            }
                        }
                        return full;
                    }, 1)
                    .concatWith(Mono.fromSupplier(() -> {
                        ByteBuffer rest = current[0];
                        byte[] tail = new byte[rest.position()];
                        System.arraycopy(rest.array(), 0, tail, 0, tail.length);
                        return tail;
                    }).filter(tail -> tail.length > 0));
        });
    }

    /**
     * Collects {@code bytes} into a {@link Blob} checked against {@code ref}.
     *
     * @param ref the ref the bytes must hash to
     * @param bytes the blob's bytes
     * @return the blob; {@link CorruptBlobException} if the bytes do not hash to {@code ref}
     */
    public static Mono<Blob> collect(Ref ref, Flux<ByteBuffer> bytes) {
        return bytes.collect(ByteArrayOutputStream::new, (out, buffer) -> {
                    ByteBuffer b = buffer.duplicate();
                    if (b.hasArray()) {
                        out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                    } else {
                        byte[] copy = new byte[b.remaining()];
                        b.get(copy);
                        out.write(copy, 0, copy.length);
                    }
                })
                .map(out -> {
                    try {
                        return new Blob(ref, out.toByteArray());
                    } catch (IllegalArgumentException e) {
                        throw new CorruptBlobException(ref);
                    }
                });
    }
}
