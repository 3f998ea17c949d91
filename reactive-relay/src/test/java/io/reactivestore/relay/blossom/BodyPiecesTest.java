package io.reactivestore.relay.blossom;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.reactivestore.blob.BorrowedBytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class BodyPiecesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Direct pieces of {@code body} cut at {@code cuts}, each with a reference count of 1 (the socket's). */
    private static List<ByteBuf> cut(byte[] body, int... cuts) {
        List<ByteBuf> pieces = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.length; i++) {
            pieces.add(Unpooled.directBuffer(cuts[i + 1] - cuts[i]).writeBytes(body, cuts[i], cuts[i + 1] - cuts[i]));
        }
        return pieces;
    }

    /** Emits each piece and then releases it, as reactor-netty does when onNext returns. */
    private static Flux<ByteBuf> likeASocket(List<ByteBuf> pieces) {
        return Flux.fromIterable(pieces).concatMap(piece -> Flux.just(piece).doAfterTerminate(piece::release), 1)
                .hide();
    }

    private static byte[] bytesOf(BorrowedBytes batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer buffer : batch.buffers()) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void piecesAreGatheredIntoBatchesOfAtLeastTheSizeInOrderAndHeldUntilReleased() {
        byte[] body = new byte[10_000];
        new Random(3).nextBytes(body);
        List<ByteBuf> pieces = cut(body, 0, 1, 700, 4_096, 8_000, 9_999, 10_000);
        List<BorrowedBytes> batches = BodyPieces.gather(likeASocket(pieces), 3_000).collectList().block(WAIT);
        assertThat(batches).extracting(BorrowedBytes::size).containsExactly(4_096L, 3_904L, 2_000L);
        assertThat(pieces).as("socket released, batches still hold them").allSatisfy(p -> assertThat(p.refCnt()).isOne());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (BorrowedBytes batch : batches) {
            joined.writeBytes(bytesOf(batch));
            batch.release();
            batch.release(); // idempotent
        }
        assertThat(joined.toByteArray()).isEqualTo(body);
        assertThat(pieces).allSatisfy(p -> assertThat(p.refCnt()).isZero());
    }

    @Test
    void theBatchBeingFilledIsReleasedOnAnError() {
        List<ByteBuf> pieces = cut(new byte[300], 0, 100, 200);
        StepVerifier.create(BodyPieces.gather(likeASocket(pieces).concatWith(Flux.error(new IllegalStateException("cut"))),
                        1_000))
                .expectError(IllegalStateException.class)
                .verify(WAIT);
        assertThat(pieces).allSatisfy(p -> assertThat(p.refCnt()).isZero());
    }

    @Test
    void theBatchBeingFilledIsReleasedOnACancel() {
        List<ByteBuf> pieces = cut(new byte[1_000], 0, 100, 200, 300, 400, 500, 600, 700);
        List<BorrowedBytes> batches = new ArrayList<>();
        // a synchronous source: every piece has been delivered when subscribe returns
        Disposable subscription = BodyPieces.gather(likeASocket(pieces).concatWith(Flux.never()), 250)
                .subscribe(batches::add);
        assertThat(batches).extracting(BorrowedBytes::size).containsExactly(300L, 300L);
        subscription.dispose(); // the seventh piece is in a batch still being filled
        batches.forEach(BorrowedBytes::release);
        assertThat(pieces).allSatisfy(p -> assertThat(p.refCnt()).isZero());
    }

    @Test
    void anEmptyBodyGivesNoBatch() {
        StepVerifier.create(BodyPieces.gather(Flux.empty(), 100)).expectComplete().verify(WAIT);
        StepVerifier.create(BodyPieces.gather(Flux.just(Unpooled.EMPTY_BUFFER), 100)).expectComplete().verify(WAIT);
    }

    @Test
    void onlyAsManyPiecesAreRequestedAsTheBatchesAskedForNeed() {
        long[] requested = {0};
        Flux<ByteBuf> pieces = Flux.range(0, 1_000).map(i -> Unpooled.wrappedBuffer(new byte[100]))
                .doOnRequest(n -> requested[0] += n);
        StepVerifier.create(BodyPieces.gather(pieces, 1_000), 1)
                .consumeNextWith(BorrowedBytes::release)
                .thenCancel()
                .verify(WAIT);
        assertThat(requested[0]).as("pieces requested for one batch of ten").isLessThan(100);
    }
}
