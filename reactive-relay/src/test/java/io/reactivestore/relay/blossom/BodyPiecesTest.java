package io.reactivestore.relay.blossom;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class BodyPiecesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void piecesAreGatheredIntoFullBuffersAndAShorterLastOneInOrder() {
        byte[] body = new byte[10_000];
        new Random(3).nextBytes(body);
        int[] cuts = {0, 1, 700, 700, 4_096, 8_000, 9_999, 10_000};
        Flux<ByteBuf> pieces = Flux.range(0, cuts.length - 1)
                .map(i -> Unpooled.wrappedBuffer(body, cuts[i], cuts[i + 1] - cuts[i]));
        List<ByteBuffer> buffers = BodyPieces.coalesce(pieces, 3_000).collectList().block(WAIT);
        assertThat(buffers).extracting(ByteBuffer::remaining).containsExactly(3_000, 3_000, 3_000, 1_000);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (ByteBuffer buffer : buffers) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            joined.writeBytes(bytes);
        }
        assertThat(joined.toByteArray()).isEqualTo(body);
    }

    /**
     * reactor-netty releases a piece when onNext returns: here one buffer is overwritten with each next piece,
     * so a piece read later than its onNext (from a prefetch queue) would show the wrong bytes.
     */
    @Test
    void eachPieceIsCopiedBeforeItsOnNextReturns() {
        byte[] body = new byte[50_000];
        new Random(4).nextBytes(body);
        ByteBuf reused = Unpooled.buffer(1_000);
        Flux<ByteBuf> pieces = Flux.<ByteBuf, Integer>generate(() -> 0, (offset, sink) -> {
            if (offset >= body.length) {
                sink.complete();
                return offset;
            }
            reused.clear().writeBytes(body, offset, 1_000);
            sink.next(reused);
            return offset + 1_000;
        }).hide(); // a socket is not a fuseable source: an operator after it queues what it prefetches
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        BodyPieces.coalesce(pieces, 7_000).publishOn(reactor.core.scheduler.Schedulers.single(), 4)
                .doOnNext(buffer -> {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    joined.writeBytes(bytes);
                })
                .blockLast(WAIT);
        assertThat(joined.toByteArray()).isEqualTo(body);
    }

    @Test
    void aPieceLargerThanTwoBuffersFillsSeveral() {
        List<ByteBuffer> buffers = BodyPieces.coalesce(Flux.just(Unpooled.wrappedBuffer(new byte[7_000])), 3_000)
                .collectList().block(WAIT);
        assertThat(buffers).extracting(ByteBuffer::remaining).containsExactly(3_000, 3_000, 1_000);
    }

    @Test
    void anEmptyBodyGivesNoBufferAndErrorsPassThrough() {
        StepVerifier.create(BodyPieces.coalesce(Flux.empty(), 100)).expectComplete().verify(WAIT);
        StepVerifier.create(BodyPieces.coalesce(Flux.concat(Flux.just(Unpooled.wrappedBuffer(new byte[10])),
                        Flux.error(new IllegalStateException("cut"))), 100))
                .expectError(IllegalStateException.class).verify(WAIT);
    }

    @Test
    void onlyAsManyPiecesAreRequestedAsTheBuffersAskedForNeed() {
        long[] requested = {0};
        Flux<ByteBuf> pieces = Flux.range(0, 1_000).map(i -> Unpooled.wrappedBuffer(new byte[100]))
                .doOnRequest(n -> requested[0] += n);
        StepVerifier.create(BodyPieces.coalesce(pieces, 1_000), 1)
                .expectNextCount(1)
                .thenCancel()
                .verify(WAIT);
        assertThat(requested[0]).as("pieces requested for one buffer of ten").isLessThan(100);
    }
}
