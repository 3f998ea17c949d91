package io.reactivestore.relay.blossom;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Gathers the small pieces a socket delivers (the HTTP decoder hands a body over one socket read, or a part
 * of one, at a time: typically a few KiB) into heap buffers of {@code size} bytes, so the blob store gets one write, one hash update and one thread
 * hop per buffer instead of per piece. Copies each byte once (the pieces are released by reactor-netty after
 * they are passed on). Memory: one buffer being filled, at most one full one queued, plus what the subscriber
 * has requested. Backpressure:
 * a piece is requested from upstream only when the subscriber wants a buffer and the current one is not full.
 */
final class BodyPieces {

    /** The size of the buffers handed to the store. */
    static final int SIZE = 256 * 1024;

    private BodyPieces() {
    }

    /**
     * The pieces gathered into buffers of {@code size} bytes, the last one shorter (flipped, ready to read).
     *
     * @param pieces the body as the socket delivers it
     * @param size the buffer size
     * @return the buffers, in order; errors and cancellation pass through
     */
    static Flux<ByteBuffer> coalesce(Flux<ByteBuf> pieces, int size) {
        return Flux.defer(() -> {
            ByteBuffer[] current = {null};
            // copy each piece while reactor-netty still holds it (it releases a piece when onNext returns),
            // before any queue: an operator that prefetched pieces would read released buffers
            return pieces.map(piece -> {
                List<ByteBuffer> full = List.of();
                while (piece.isReadable()) {
                    if (current[0] == null) {
                        current[0] = ByteBuffer.allocate(size);
                    }
                    ByteBuffer into = current[0];
                    int n = Math.min(piece.readableBytes(), into.remaining());
                    int limit = into.limit();
                    into.limit(into.position() + n);
                    piece.readBytes(into);
                    into.limit(limit);
                    if (!into.hasRemaining()) {
                        if (full.isEmpty()) {
                            full = new ArrayList<>(1);
                        }
                        full.add(into.flip());
                        current[0] = null;
                    }
                }
                return full;
            }).concatMapIterable(full -> full, 1).concatWith(Mono.fromSupplier(() -> {
                ByteBuffer last = current[0];
                current[0] = null;
                return last == null ? null : last.flip();
            }));
        });
    }
}
