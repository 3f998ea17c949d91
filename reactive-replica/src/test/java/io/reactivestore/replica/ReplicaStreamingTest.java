package io.reactivestore.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import io.reactivestore.blob.memory.MemoryBlobStore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** A streamed put reaches every synchronous member through one subscription, and the asynchronous ones later. */
class ReplicaStreamingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void aStreamedPutIsReadOnceAndReachesSyncMembersBeforeTheAnswerAndAsyncMembersAfterAFlush() {
        byte[] bytes = new byte[300_000];
        new Random(1).nextBytes(bytes);
        Ref ref = Ref.of(bytes);
        MemoryBlobStore sync1 = new MemoryBlobStore();
        MemoryBlobStore sync2 = new MemoryBlobStore();
        MemoryBlobStore async = new MemoryBlobStore();
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(sync1, sync2), List.of(async), 4);
        int[] subscriptions = {0};
        Flux<ByteBuffer> content = Flux.range(0, 30)
                .map(i -> ByteBuffer.wrap(Arrays.copyOfRange(bytes, i * 10_000, (i + 1) * 10_000)))
                .doOnSubscribe(s -> subscriptions[0]++);
        StepVerifier.create(replica.put(content, ref))
                .expectNext(new PutResult(ref, true))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(subscriptions[0]).isEqualTo(1);
        assertThat(sync1.get(ref).block(TIMEOUT).bytes()).isEqualTo(bytes);
        assertThat(sync2.get(ref).block(TIMEOUT).bytes()).isEqualTo(bytes);
        replica.flush().block(TIMEOUT);
        assertThat(async.get(ref).block(TIMEOUT).bytes()).isEqualTo(bytes);

        StepVerifier.create(replica.delete(ref)).expectNext(true).expectComplete().verify(TIMEOUT);
        replica.flush().block(TIMEOUT);
        assertThat(async.listRefs().collectList().block(TIMEOUT)).isEmpty();
        assertThat(sync2.listRefs().collectList().block(TIMEOUT)).isEmpty();
        replica.close().block(TIMEOUT);
    }
}
