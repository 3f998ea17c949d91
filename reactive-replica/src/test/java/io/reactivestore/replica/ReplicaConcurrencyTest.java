package io.reactivestore.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.memory.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Many threads putting at once through small queues, one async member confirming synchronously and one later. */
class ReplicaConcurrencyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void concurrentPutsThroughFullQueuesAllLandAndNothingIsLeftPending() {
        MemoryBlobStore immediate = new MemoryBlobStore();
        MemoryBlobStore delayedInside = new MemoryBlobStore();
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(new MemoryBlobStore()),
                List.of(immediate, new FaultyBlobStore(delayedInside).putDelay(Duration.ofMillis(1))), 2);

        long added = Flux.range(0, 300)
                .flatMap(i -> replica.put(("blob " + i).getBytes(StandardCharsets.UTF_8))
                        .subscribeOn(Schedulers.parallel()), 16)
                .filter(PutResult::added)
                .count()
                .block(TIMEOUT);
        replica.flush().block(TIMEOUT);

        assertThat(added).isEqualTo(300);
        assertThat(replica.pendingWrites()).isZero();
        assertThat(immediate.listRefs().count().block(TIMEOUT)).isEqualTo(300);
        assertThat(delayedInside.listRefs().count().block(TIMEOUT)).isEqualTo(300);
        replica.close().block(TIMEOUT);
    }
}
