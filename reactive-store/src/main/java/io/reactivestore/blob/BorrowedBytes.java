package io.reactivestore.blob;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Bytes lent to a blob store in buffers the producer wants back, for example network buffers from a pool:
 * {@link BlobStore#putBorrowed(org.reactivestreams.Publisher, Ref)} reads them and then calls
 * {@link #release()} exactly once, whether it wrote them, failed, or discarded them on a cancel. This lets a
 * store write a socket's buffers to its file without copying them into the heap first.
 *
 * <p>Implementations must tolerate {@link #release()} from any thread; {@link #buffers()} is called at most
 * once before it, by the thread that then reads them.
 */
public interface BorrowedBytes {

    /**
     * The bytes, in order, each buffer between its position and limit. The store reads them without changing
     * the buffers' positions or limits (it reads duplicates), and not after {@link #release()}.
     *
     * @return the buffers, possibly direct, possibly empty
     */
    ByteBuffer[] buffers();

    /** Gives the buffers back; called exactly once, after which they are not read. */
    void release();

    /**
     * How many bytes {@link #buffers()} hold.
     *
     * @return the sum of the buffers' remaining bytes
     */
    default long size() {
        long n = 0;
        for (ByteBuffer buffer : buffers()) {
            n += buffer.remaining();
        }
        return n;
    }

    /**
     * Bytes that need no giving back: {@link #release()} does nothing.
     *
     * @param buffer the bytes between its position and limit
     * @return them as borrowed bytes
     */
    static BorrowedBytes of(ByteBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        ByteBuffer[] one = {buffer};
        return new BorrowedBytes() {
            @Override
            public ByteBuffer[] buffers() {
                return one;
            }

            @Override
            public void release() {
                // nothing borrowed
            }
        };
    }

    /**
     * Copies the bytes into one new heap buffer and releases them (also when the copy fails).
     *
     * @param bytes the borrowed bytes
     * @return a new buffer with the bytes, flipped
     */
    static ByteBuffer copyAndRelease(BorrowedBytes bytes) {
        try {
            ByteBuffer[] buffers = bytes.buffers();
            long total = 0;
            for (ByteBuffer buffer : buffers) {
                total += buffer.remaining();
            }
            ByteBuffer copy = ByteBuffer.allocate(Math.toIntExact(total));
            for (ByteBuffer buffer : buffers) {
                copy.put(buffer.duplicate());
            }
            return copy.flip();
        } finally {
            bytes.release();
        }
    }
}
