package io.reactivestore.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivestore.blob.Blob;
import io.reactivestore.blob.BlobNotFoundException;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import io.reactivestore.blob.memory.MemoryBlobStore;
import io.reactivestore.store.StoreClosedException;
import io.reactivestore.store.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.subscriber.TestSubscriber;

/** The replica's own rules: queues, backpressure, error state, the get race, the merged listing. Virtual time throughout. */
class ReplicaBlobStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SECOND = Duration.ofSeconds(1);

    private VirtualTimeScheduler time;

    @BeforeEach
    void virtualTime() {
        time = VirtualTimeScheduler.getOrSet();
    }

    @AfterEach
    void realTime() {
        VirtualTimeScheduler.reset();
    }

    private static byte[] blob(int i) {
        return ("blob " + i).getBytes(StandardCharsets.UTF_8);
    }

    private static Ref ref(int i) {
        return Ref.of(blob(i));
    }

    private static Ref put(BlobStore store, int i) {
        return store.put(blob(i)).block(TIMEOUT).ref();
    }

    private static List<Ref> refsOf(BlobStore store) {
        return store.listRefs().collectList().block(TIMEOUT);
    }

    @Test
    void anAsyncStoreFailingOnItsThirdWritePutsTheReplicaInErrorStateAndReportsTheQueuedBlobsLost() {
        MemoryBlobStore asyncInside = new MemoryBlobStore();
        FaultyBlobStore async = new FaultyBlobStore(asyncInside).putDelay(SECOND).failPut(3);
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(new MemoryBlobStore()), List.of(async), 10);
        IntStream.rangeClosed(1, 5).forEach(i -> put(replica, i));

        time.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(replica.pendingWrites()).isEqualTo(3);
        time.advanceTimeBy(SECOND);

        StepVerifier.create(replica.put(blob(6)))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ReplicaFailedException.class);
                    assertThat(e.getCause()).isInstanceOf(FaultyBlobStore.Boom.class).hasMessage("write 3 failed");
                    assertThat(((ReplicaFailedException) e).lost()).containsExactly(
                            new LostWrite(0, "put", ref(3).hex()),
                            new LostWrite(0, "put", ref(4).hex()),
                            new LostWrite(0, "put", ref(5).hex()));
                })
                .verify(TIMEOUT);
        StepVerifier.create(replica.get(ref(1))).expectError(ReplicaFailedException.class).verify(TIMEOUT);
        StepVerifier.create(replica.listRefs()).expectError(ReplicaFailedException.class).verify(TIMEOUT);
        assertThat(replica.isDisposed()).isTrue();
        assertThat(refsOf(asyncInside)).containsExactlyInAnyOrder(ref(1), ref(2));
    }

    @Test
    void everyLaterOperationFailsWithTheSameException() {
        FaultyBlobStore async = new FaultyBlobStore(new MemoryBlobStore()).failPut(1);
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(new MemoryBlobStore()), List.of(async), 1);
        put(replica, 1);
        Throwable first = replica.put(blob(2)).flatMap(r -> Mono.<Throwable>empty()).onErrorResume(Mono::just).block(TIMEOUT);
        Throwable second = replica.get(ref(1)).flatMap(b -> Mono.<Throwable>empty()).onErrorResume(Mono::just).block(TIMEOUT);
        assertThat(first).isInstanceOf(ReplicaFailedException.class).isSameAs(second);
        assertThat(((ReplicaFailedException) first).lost()).containsExactly(new LostWrite(0, "put", ref(1).hex()));
    }

    @Test
    void queueLengthCountsTheWaitingWritesNotTheOneInFlight() {
        MemoryBlobStore asyncInside = new MemoryBlobStore();
        FaultyBlobStore stalled = new FaultyBlobStore(asyncInside).putDelay(SECOND);
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(new MemoryBlobStore()), List.of(stalled), 1);
        put(replica, 1); // in flight
        put(replica, 2); // the one waiting write queueLength 1 allows
        assertThat(replica.pendingWrites()).isEqualTo(2);

        TestSubscriber<PutResult> third = TestSubscriber.create(); // queueLength + 2: waits
        replica.put(blob(3)).subscribe(third);
        TestSubscriber<PutResult> fourth = TestSubscriber.create(); // waits too, then gives up
        replica.put(blob(4)).subscribe(fourth);
        time.advanceTimeBy(Duration.ofMillis(999));
        assertThat(third.isTerminated()).isFalse();
        assertThat(fourth.isTerminated()).isFalse();
        fourth.cancel();

        time.advanceTimeBy(Duration.ofMillis(1)); // write 1 confirmed: room for exactly one more
        assertThat(third.isTerminatedComplete()).isTrue();
        assertThat(third.getReceivedOnNext()).containsExactly(new PutResult(ref(3), true));
        assertThat(replica.pendingWrites()).isEqualTo(2);

        time.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(replica.pendingWrites()).isZero();
        assertThat(fourth.isTerminated()).isFalse();
        assertThat(stalled.putCount()).isEqualTo(3);
        assertThat(refsOf(asyncInside)).containsExactlyInAnyOrder(ref(1), ref(2), ref(3));
    }

    @Test
    void manyWaitingPutsKeepTheQueueBoundedAndAllLandInOrder() {
        MemoryBlobStore asyncInside = new MemoryBlobStore();
        FaultyBlobStore async = new FaultyBlobStore(asyncInside).putDelay(SECOND);
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(new MemoryBlobStore()), List.of(async), 3);
        List<TestSubscriber<PutResult>> puts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            TestSubscriber<PutResult> subscriber = TestSubscriber.create();
            replica.put(blob(i)).subscribe(subscriber);
            puts.add(subscriber);
        }
        for (int second = 0; second <= 40; second++) {
            assertThat(replica.pendingWrites()).isLessThanOrEqualTo(4); // one in flight, three waiting
            long done = puts.stream().filter(TestSubscriber::isTerminatedComplete).count();
            assertThat(done).isEqualTo(Math.min(40, 4 + second));
            time.advanceTimeBy(SECOND);
        }
        assertThat(replica.pendingWrites()).isZero();
        assertThat(async.putCount()).isEqualTo(40);
        assertThat(refsOf(asyncInside)).hasSize(40);
    }

    @Test
    void aPutWaitingForRoomFailsWhenTheErrorStateBegins() {
        FaultyBlobStore async = new FaultyBlobStore(new MemoryBlobStore()).putDelay(SECOND);
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(new MemoryBlobStore()), List.of(async), 1);
        put(replica, 1);
        put(replica, 2);
        TestSubscriber<PutResult> waiting = TestSubscriber.create();
        replica.put(blob(3)).subscribe(waiting);
        assertThat(waiting.isTerminated()).isFalse();

        replica.dispose();

        assertThat(waiting.isTerminatedError()).isTrue();
        assertThat(waiting.expectTerminalError()).isInstanceOf(ReplicaFailedException.class)
                .hasCauseInstanceOf(StoreClosedException.class);
        assertThat(((ReplicaFailedException) waiting.expectTerminalError()).lost())
                .containsExactly(new LostWrite(0, "put", ref(1).hex()), new LostWrite(0, "put", ref(2).hex()));
    }

    @Test
    void disposeEntersTheErrorStateReportingEveryQueuedBlobOfEveryAsyncStore() {
        FaultyBlobStore slow = new FaultyBlobStore(new MemoryBlobStore()).putDelay(SECOND);
        FaultyBlobStore slower = new FaultyBlobStore(new MemoryBlobStore()).putDelay(Duration.ofSeconds(3));
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(new MemoryBlobStore()), List.of(slow, slower), 5);
        put(replica, 1);
        put(replica, 2);
        time.advanceTimeBy(SECOND);

        replica.dispose();

        StepVerifier.create(replica.listRefs())
                .expectErrorSatisfies(e -> assertThat(((ReplicaFailedException) e).lost()).containsExactly(
                        new LostWrite(0, "put", ref(2).hex()),
                        new LostWrite(1, "put", ref(1).hex()),
                        new LostWrite(1, "put", ref(2).hex())))
                .verify(TIMEOUT);
    }

    @Test
    void aFailedSyncWriteWithAsyncStoresPresentEntersTheErrorState() {
        FaultyBlobStore failingSync = new FaultyBlobStore(new MemoryBlobStore()).failPut(2);
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(new MemoryBlobStore(), failingSync),
                List.of(new MemoryBlobStore()), 2);
        put(replica, 1);
        StepVerifier.create(replica.put(blob(2))).expectError(FaultyBlobStore.Boom.class).verify(TIMEOUT);
        StepVerifier.create(replica.get(ref(1)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ReplicaFailedException.class)
                        .hasCauseInstanceOf(FaultyBlobStore.Boom.class))
                .verify(TIMEOUT);
    }

    @Test
    void withoutAsyncStoresAFailedSyncWriteFailsOnlyThatPut() {
        FaultyBlobStore failingSync = new FaultyBlobStore(new MemoryBlobStore()).failPut(1);
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(new MemoryBlobStore(), failingSync), List.of(), 2);
        StepVerifier.create(replica.put(blob(1))).expectError(FaultyBlobStore.Boom.class).verify(TIMEOUT);
        StepVerifier.create(replica.put(blob(2))).expectNext(new PutResult(ref(2), true)).expectComplete().verify(TIMEOUT);
        StepVerifier.create(replica.get(ref(2)).map(Blob::ref)).expectNext(ref(2)).expectComplete().verify(TIMEOUT);
    }

    @Test
    void getIsWonByTheFastestStoreAndTheOtherRequestsAreCancelled() {
        MemoryBlobStore fast = new MemoryBlobStore();
        fast.put(blob(1)).block(TIMEOUT);
        PublisherProbe<Blob> slowOne = PublisherProbe.of(Mono.never());
        PublisherProbe<Blob> slowTwo = PublisherProbe.of(Mono.<Blob>never());
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(
                new FaultyBlobStore(new MemoryBlobStore()).gets(real -> slowOne.mono()),
                new FaultyBlobStore(new MemoryBlobStore()).gets(real -> slowTwo.mono()),
                fast), List.of(), 1);

        StepVerifier.create(replica.get(ref(1)).map(Blob::ref)).expectNext(ref(1)).expectComplete().verify(TIMEOUT);

        slowOne.assertWasSubscribed();
        slowOne.assertWasCancelled();
        slowTwo.assertWasSubscribed();
        slowTwo.assertWasCancelled();
    }

    @Test
    void aStoreFailingFirstLosesTheRaceToASlowerStoreThatAnswers() {
        MemoryBlobStore holder = new MemoryBlobStore();
        holder.put(blob(1)).block(TIMEOUT);
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(
                new FaultyBlobStore(new MemoryBlobStore())
                        .gets(real -> Mono.error(new StoreUnavailableException("down", null))),
                new FaultyBlobStore(holder).gets(real -> real.delayElement(SECOND))), List.of(), 1);
        TestSubscriber<Blob> get = TestSubscriber.create();
        replica.get(ref(1)).subscribe(get);
        assertThat(get.isTerminated()).isFalse();
        time.advanceTimeBy(SECOND);
        assertThat(get.isTerminatedComplete()).isTrue();
        assertThat(get.getReceivedOnNext()).extracting(Blob::ref).containsExactly(ref(1));
    }

    @Test
    void whenEveryStoreFailsGetFailsWithOneOfTheirErrors() {
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(new MemoryBlobStore(), new MemoryBlobStore()), List.of(), 1);
        StepVerifier.create(replica.get(ref(1))).expectError(BlobNotFoundException.class).verify(TIMEOUT);
    }

    @Test
    void listRefsIsTheOrderedUnionOfTheSyncStoresEachRefOnce() {
        MemoryBlobStore a = new MemoryBlobStore();
        MemoryBlobStore b = new MemoryBlobStore();
        MemoryBlobStore c = new MemoryBlobStore();
        IntStream.range(0, 10).forEach(i -> put(a, i));
        IntStream.range(5, 15).forEach(i -> put(b, i));
        IntStream.range(12, 20).forEach(i -> put(c, i));
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(a, b, c), List.of(), 1);
        List<Ref> all = IntStream.range(0, 20).mapToObj(ReplicaBlobStoreTest::ref).sorted().toList();

        StepVerifier.create(replica.listRefs()).expectNextSequence(all).expectComplete().verify(TIMEOUT);
        StepVerifier.create(replica.listRefs(all.get(9))).expectNextSequence(all.subList(10, 20)).expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void aFailingMembersErrorArrivesAfterTheMergedOutputOfTheOthers() {
        MemoryBlobStore a = new MemoryBlobStore();
        MemoryBlobStore broken = new MemoryBlobStore();
        IntStream.range(0, 8).forEach(i -> put(a, i));
        put(broken, 100);
        FaultyBlobStore.Boom boom = new FaultyBlobStore.Boom("listing broke");
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(a, new FaultyBlobStore(broken).listingFailsWith(boom)),
                List.of(), 1);
        List<Ref> expected = new ArrayList<>(IntStream.range(0, 8).mapToObj(ReplicaBlobStoreTest::ref).toList());
        expected.add(ref(100));

        StepVerifier.create(replica.listRefs())
                .expectNextSequence(expected.stream().sorted().toList())
                .expectErrorMatches(e -> e == boom)
                .verify(TIMEOUT);
    }

    @Test
    void closeWaitsForTheQueuedWritesThenRefusesWork() {
        MemoryBlobStore asyncInside = new MemoryBlobStore();
        ReplicaBlobStore replica = new ReplicaBlobStore(List.of(new MemoryBlobStore()),
                List.of(new FaultyBlobStore(asyncInside).putDelay(SECOND)), 4);
        put(replica, 1);
        put(replica, 2);
        TestSubscriber<Void> close = TestSubscriber.create();
        replica.close().subscribe(close);
        assertThat(close.isTerminated()).isFalse();
        time.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(close.isTerminatedComplete()).isTrue();
        assertThat(refsOf(asyncInside)).containsExactlyInAnyOrder(ref(1), ref(2));
        StepVerifier.create(replica.put(blob(3))).expectError(StoreClosedException.class).verify(TIMEOUT);
    }

    @Test
    void closeWaitsForAWriteStillInItsSyncPhaseAndItsQueuedCopy() {
        MemoryBlobStore asyncInside = new MemoryBlobStore();
        ReplicaBlobStore replica = new ReplicaBlobStore(
                List.of(new FaultyBlobStore(new MemoryBlobStore()).putDelay(SECOND)), List.of(asyncInside), 4);
        TestSubscriber<PutResult> put = TestSubscriber.create();
        replica.put(blob(1)).subscribe(put);
        TestSubscriber<Void> close = TestSubscriber.create();
        replica.close().subscribe(close);
        assertThat(close.isTerminated()).isFalse();

        time.advanceTimeBy(SECOND);

        assertThat(put.isTerminatedComplete()).isTrue();
        assertThat(close.isTerminatedComplete()).isTrue();
        assertThat(refsOf(asyncInside)).containsExactly(ref(1));
    }

    @Test
    void theConstructorRefusesNoSyncStoreAndAnEmptyQueue() {
        assertThatThrownBy(() -> new ReplicaBlobStore(List.of(), List.of(new MemoryBlobStore()), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("syncStores");
        assertThatThrownBy(() -> new ReplicaBlobStore(List.of(new MemoryBlobStore()), List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueLength");
    }
}
