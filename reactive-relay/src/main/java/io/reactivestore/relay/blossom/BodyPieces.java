package io.reactivestore.relay.blossom;

import io.netty.buffer.ByteBuf;
import io.reactivestore.blob.BorrowedBytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Gathers the small pieces a socket delivers (the HTTP decoder hands a body over a few KiB at a time) into
 * batches of at least {@code size} bytes, without copying: each piece is retained (reactor-netty releases
 * it when {@code onNext} returns) and handed on as part of a {@link BorrowedBytes} batch whose
 * {@code release()} gives the pieces back. So the blob store gets one write, one hash update and one thread
 * hop per batch, and writes Netty's direct buffers to its file as they are.
 *
 * <p>Memory: the pieces of one batch being filled, plus the batches the subscriber has requested and not
 * released. Backpressure: a piece is requested only while the subscriber wants a batch and the current one is
 * not full. A batch being filled when the flux errors or is cancelled is released; a piece that arrives
 * after that (a cancel racing the event loop) is released at once.
 */
final class BodyPieces {

    /** The least size of a batch handed to the store (the last one may be shorter). */
    static final int SIZE = 256 * 1024;

    private BodyPieces() {
    }

    /**
     * The pieces gathered into batches of at least {@code size} bytes (the last one shorter), in order.
     *
     * @param pieces the body as the socket delivers it (each piece valid only until its {@code onNext} returns)
     * @param size the least batch size
     * @return the batches, which the subscriber must release; errors and cancellation pass through
     */
    static Flux<BorrowedBytes> gather(Flux<ByteBuf> pieces, int size) {
        return Flux.defer(() -> {
            AtomicReference<Batch> current = new AtomicReference<>();
            Batch closed = new Batch(); // current after an error or cancel: takes no more pieces
            closed.release();
            return pieces.<BorrowedBytes>handle((piece, sink) -> {
                        if (!piece.isReadable()) {
                            return;
                        }
                        Batch batch = current.get();
                        if (batch == null) {
                            Batch fresh = new Batch();
                            if (!current.compareAndSet(null, fresh)) {
                                return; // closed meanwhile
                            }
                            batch = fresh;
                        }
                        if (batch.add(piece.retainedSlice()) >= size && current.compareAndSet(batch, null)) {
                            sink.next(batch);
                        }
                    })
                    .concatWith(Mono.fromSupplier(() -> current.getAndSet(null)))
                    .doFinally(signal -> {
                        if (signal != SignalType.ON_COMPLETE) {
                            Batch left = current.getAndSet(closed);
                            if (left != null) {
                                left.release();
                            }
                        }
                    });
        });
    }

    /** Retained pieces; released once, and a piece added after that is released at once. */
    static final class Batch implements BorrowedBytes {

        private final List<ByteBuf> pieces = new ArrayList<>();
        private long bytes;
        private boolean released;

        /** Adds a retained piece (released at once if the batch was released); returns the batch's size. */
        synchronized long add(ByteBuf piece) {
            if (released) {
                piece.release();
                return bytes;
            }
            pieces.add(piece);
            bytes += piece.readableBytes();
            return bytes;
        }

        @Override
        public synchronized ByteBuffer[] buffers() {
            if (released) {
                throw new IllegalStateException("batch already released");
            }
            List<ByteBuffer> all = new ArrayList<>(pieces.size());
            for (ByteBuf piece : pieces) {
                if (piece.nioBufferCount() == 1) {
                    all.add(piece.nioBuffer());
                } else {
                    all.addAll(List.of(piece.nioBuffers()));
                }
            }
            return all.toArray(ByteBuffer[]::new);
        }

        @Override
        public synchronized long size() {
            return bytes;
        }

        @Override
        public synchronized void release() {
            if (released) {
                return;
            }
            released = true;
            for (ByteBuf piece : pieces) {
                piece.release();
            }
            pieces.clear();
        }
    }
}
