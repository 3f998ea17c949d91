package io.reactivestore.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The behaviour every {@link BlobStore} promises. A backend's test extends this class and implements
 * {@link #createStore()}; it may override {@link #destroyStore(BlobStore)} to release resources.
 */
public abstract class BlobStoreContract {

    /** Upper bound on every verification; never reached by a working store. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
    private static final Ref ABC_REF = Ref.parse("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    protected BlobStore store;

    /** A new, empty store. */
    protected abstract BlobStore createStore();

    /** Releases what {@link #createStore()} allocated; nothing by default. */
    protected void destroyStore(BlobStore store) {
    }

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    @AfterEach
    void tearDownStore() {
        destroyStore(store);
    }

    @Test
    void putReturnsTheSha256AsRefAndReportsANewBlobAsAdded() {
        StepVerifier.create(store.put(ABC))
                .expectNext(new PutResult(ABC_REF, true))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void puttingTheSameBytesAgainIsNotAdded() {
        StepVerifier.create(store.put(ABC).then(store.put(ABC.clone())))
                .expectNext(new PutResult(ABC_REF, false))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void getReturnsTheBytesPut() {
        StepVerifier.create(store.put(ABC).then(store.get(ABC_REF)))
                .assertNext(blob -> {
                    assertThat(blob.ref()).isEqualTo(ABC_REF);
                    assertThat(blob.bytes()).isEqualTo(ABC);
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void theEmptyBlobIsStoredLikeAnyOther() {
        byte[] empty = new byte[0];
        StepVerifier.create(store.put(empty).flatMap(r -> store.get(r.ref())))
                .assertNext(blob -> {
                    assertThat(blob.ref()).isEqualTo(Ref.of(empty));
                    assertThat(blob.size()).isZero();
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void aLargeBlobSurvivesTheRoundTrip() {
        byte[] large = new byte[1 << 20];
        new Random(7).nextBytes(large);
        StepVerifier.create(store.put(large).flatMap(r -> store.get(r.ref())))
                .assertNext(blob -> assertThat(blob.bytes()).isEqualTo(large))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void changingTheArrayAfterPutDoesNotChangeTheStoredBlob() {
        byte[] bytes = ABC.clone();
        StepVerifier.create(store.put(bytes).doOnNext(r -> bytes[0] = 'x').then(store.get(ABC_REF)))
                .assertNext(blob -> assertThat(blob.bytes()).isEqualTo(ABC))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void getOfAnUnknownRefFailsWithBlobNotFoundNamingTheRef() {
        StepVerifier.create(store.get(ABC_REF))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(BlobNotFoundException.class);
                    assertThat(((BlobNotFoundException) e).ref()).isEqualTo(ABC_REF);
                    assertThat(((BlobNotFoundException) e).isTransient()).isFalse();
                })
                .verify(TIMEOUT);
    }

    @Test
    void anEmptyStoreListsNoRefs() {
        StepVerifier.create(store.listRefs()).expectComplete().verify(TIMEOUT);
    }

    @Test
    void listRefsListsEveryRefOnceInAscendingOrder() {
        List<Ref> refs = putMany(40);
        StepVerifier.create(store.listRefs(null).collectList())
                .expectNext(new ArrayList<>(new TreeSet<>(refs)))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void listRefsStartsStrictlyAfterStart() {
        List<Ref> sorted = new ArrayList<>(new TreeSet<>(putMany(40)));
        Ref start = sorted.get(17);
        StepVerifier.create(store.listRefs(start).collectList())
                .expectNext(sorted.subList(18, sorted.size()))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void listRefsAfterAnAbsentStartListsTheGreaterRefs() {
        List<Ref> sorted = new ArrayList<>(new TreeSet<>(putMany(40)));
        Ref absent = Ref.parse("8" + "0".repeat(63));
        List<Ref> expected = sorted.stream().filter(r -> r.compareTo(absent) > 0).toList();
        StepVerifier.create(store.listRefs(absent).collectList())
                .expectNext(expected)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void listRefsAfterTheLastRefIsEmpty() {
        List<Ref> sorted = new ArrayList<>(new TreeSet<>(putMany(5)));
        StepVerifier.create(store.listRefs(sorted.get(sorted.size() - 1)))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void listRefsHonoursDemandAndCancellation() {
        List<Ref> sorted = new ArrayList<>(new TreeSet<>(putMany(10)));
        StepVerifier.create(store.listRefs(), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(2)
                .expectNext(sorted.get(0), sorted.get(1))
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void concurrentPutsOfTheSameBytesAddItExactlyOnce() {
        byte[] bytes = "same bytes, many writers".getBytes(StandardCharsets.UTF_8);
        StepVerifier.create(Flux.range(0, 8)
                        .flatMap(i -> store.put(bytes).subscribeOn(Schedulers.parallel()))
                        .filter(PutResult::added)
                        .count())
                .expectNext(1L)
                .expectComplete()
                .verify(TIMEOUT);
    }

    /** With BlockHound installed (as in this build), blocking on the non-blocking thread fails this test. */
    @Test
    void everyOperationMayBeSubscribedOnANonBlockingThread() {
        StepVerifier.create(Mono.defer(() -> store.put(ABC)).subscribeOn(Schedulers.parallel())
                        .then(Mono.defer(() -> store.get(ABC_REF)).subscribeOn(Schedulers.parallel()))
                        .thenMany(Flux.defer(() -> store.listRefs()).subscribeOn(Schedulers.parallel())))
                .expectNext(ABC_REF)
                .expectComplete()
                .verify(TIMEOUT);
    }

    // ---------------------------------------------------------------- streaming

    @Test
    void aStreamedPutStoresTheConcatenationOfItsBuffers() {
        byte[] bytes = random(300_000, 1);
        Ref ref = Ref.of(bytes);
        StepVerifier.create(store.put(pieces(bytes, 7_000)))
                .expectNext(new PutResult(ref, true))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(readAll(store.read(ref))).isEqualTo(bytes);
        StepVerifier.create(store.size(ref)).expectNext((long) bytes.length).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.get(ref).map(Blob::bytes))
                .assertNext(b -> assertThat(b).isEqualTo(bytes))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void aStreamedPutWithTheRightExpectedHashIsStored() {
        byte[] bytes = random(100_000, 2);
        StepVerifier.create(store.put(pieces(bytes, 10_000), Ref.of(bytes)))
                .expectNext(new PutResult(Ref.of(bytes), true))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void aHashMismatchFailsThePutAndStoresNothing() {
        byte[] bytes = random(100_000, 3);
        StepVerifier.create(store.put(pieces(bytes, 10_000), ABC_REF))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(BlobHashMismatchException.class);
                    assertThat(((BlobHashMismatchException) e).expected()).isEqualTo(ABC_REF);
                    assertThat(((BlobHashMismatchException) e).actual()).isEqualTo(Ref.of(bytes));
                })
                .verify(TIMEOUT);
        assertNothingStored(Ref.of(bytes));
    }

    @Test
    void aFailingStreamFailsThePutAndStoresNothing() {
        byte[] bytes = random(100_000, 4);
        IllegalStateException boom = new IllegalStateException("client went away");
        StepVerifier.create(store.put(pieces(bytes, 10_000).concatWith(Flux.error(boom))))
                .expectErrorMatches(e -> e == boom)
                .verify(TIMEOUT);
        assertNothingStored(Ref.of(bytes));
    }

    @Test
    void cancellingAPutHalfwayCancelsTheStreamAndStoresNothing() {
        byte[] bytes = random(160_000, 5);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicLong delivered = new AtomicLong();
        Flux<ByteBuffer> half = pieces(bytes, 10_000).take(8).doOnNext(b -> delivered.incrementAndGet())
                .concatWith(Flux.never()).doOnCancel(() -> cancelled.set(true));
        StepVerifier.create(store.put(half))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(200))
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(delivered.get()).isPositive();
        assertThat(cancelled).isTrue();
        assertNothingStored(Ref.of(bytes));
        awaitNoLeftovers();
        StepVerifier.create(store.put(pieces(bytes, 10_000)))
                .expectNext(new PutResult(Ref.of(bytes), true))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void concurrentStreamedPutsOfTheSameBytesAddItExactlyOnce() {
        byte[] bytes = random(200_000, 6);
        StepVerifier.create(Flux.range(0, 4)
                        .flatMap(i -> store.put(pieces(bytes, 9_000 + i * 1_000)).subscribeOn(Schedulers.parallel()))
                        .collectList())
                .assertNext(results -> {
                    assertThat(results).extracting(PutResult::ref).containsOnly(Ref.of(bytes));
                    assertThat(results).filteredOn(PutResult::added).hasSize(1);
                })
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(readAll(store.read(Ref.of(bytes)))).isEqualTo(bytes);
        StepVerifier.create(store.listRefs()).expectNext(Ref.of(bytes)).expectComplete().verify(TIMEOUT);
    }

    @Test
    void anEmptyStreamIsTheEmptyBlob() {
        Ref empty = Ref.of(new byte[0]);
        StepVerifier.create(store.put(Flux.empty())).expectNext(new PutResult(empty, true)).expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(store.read(empty)).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.size(empty)).expectNext(0L).expectComplete().verify(TIMEOUT);
    }

    @Test
    void aPutLeavesItsBuffersPositionsAlone() {
        ByteBuffer buffer = ByteBuffer.wrap(ABC);
        store.put(Flux.just(buffer)).block(TIMEOUT);
        assertThat(buffer.position()).isZero();
        assertThat(buffer.remaining()).isEqualTo(3);
    }

    @Test
    void rangesReadExactlyTheirBytesAtEveryEdge() {
        int size = 150_000; // crosses 64 KiB boundaries
        byte[] bytes = random(size, 8);
        Ref ref = store.put(pieces(bytes, 33_333)).block(TIMEOUT).ref();
        long[][] ranges = {
            {0, 0}, {0, 1}, {0, size}, {0, Long.MAX_VALUE}, {1, Long.MAX_VALUE}, {size - 1, 1}, {size - 1, 10},
            {size, 5}, {size + 10, 5}, {65_535, 2}, {65_536, 65_536}, {65_535, 65_538}, {100, 131_072},
        };
        for (long[] range : ranges) {
            int from = (int) Math.min(range[0], size);
            int to = (int) Math.min(size, Math.min((long) size, range[0] + Math.min(range[1], size)));
            byte[] expected = Arrays.copyOfRange(bytes, from, Math.max(from, to));
            assertThat(readAll(store.read(ref, range[0], range[1])))
                    .as("range from %d for %d", range[0], range[1]).isEqualTo(expected);
        }
    }

    @Test
    void readBuffersAreAtMost64KiBAndFollowDemand() {
        byte[] bytes = random(1 << 20, 9);
        Ref ref = store.put(pieces(bytes, 100_000)).block(TIMEOUT).ref();
        StepVerifier.create(store.read(ref), 0)
                .expectSubscription()
                .thenRequest(1)
                .assertNext(b -> assertThat(b.remaining()).isBetween(1, 64 * 1024))
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(1)
                .assertNext(b -> assertThat(b.remaining()).isBetween(1, 64 * 1024))
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void negativeRangesAreRefusedAtAssembly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.read(ABC_REF, -1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.read(ABC_REF, 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readAndSizeOfAnUnknownRefFailWithBlobNotFound() {
        StepVerifier.create(store.read(ABC_REF, 0, 10)).expectError(BlobNotFoundException.class).verify(TIMEOUT);
        StepVerifier.create(store.size(ABC_REF)).expectError(BlobNotFoundException.class).verify(TIMEOUT);
    }

    @Test
    void deleteRemovesTheBlobOnceAndItCanBePutAgain() {
        byte[] bytes = random(100_000, 10);
        Ref ref = store.put(pieces(bytes, 30_000)).block(TIMEOUT).ref();
        store.put(ABC).block(TIMEOUT);
        StepVerifier.create(store.delete(ref)).expectNext(true).expectComplete().verify(TIMEOUT);
        assertNothingStored(ref);
        StepVerifier.create(store.listRefs()).expectNext(ABC_REF).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.delete(ref)).expectNext(false).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.put(pieces(bytes, 30_000))).expectNext(new PutResult(ref, true)).expectComplete()
                .verify(TIMEOUT);
        assertThat(readAll(store.read(ref))).isEqualTo(bytes);
    }

    /** With BlockHound installed (as in this build), blocking on the non-blocking thread fails this test. */
    @Test
    void streamingOperationsMayBeSubscribedOnANonBlockingThread() {
        byte[] bytes = random(200_000, 11);
        Ref ref = Ref.of(bytes);
        StepVerifier.create(Mono.defer(() -> store.put(pieces(bytes, 50_000), ref)).subscribeOn(Schedulers.parallel())
                        .then(Mono.defer(() -> store.size(ref)).subscribeOn(Schedulers.parallel()))
                        .then(Flux.defer(() -> store.read(ref, 10, 150_000)).subscribeOn(Schedulers.parallel())
                                .publishOn(Schedulers.parallel(), 1)
                                .map(b -> (long) b.remaining()).reduce(0L, Long::sum))
                        .flatMap(n -> Mono.defer(() -> store.delete(ref)).subscribeOn(Schedulers.parallel())
                                .thenReturn(n)))
                .expectNext(150_000L)
                .expectComplete()
                .verify(TIMEOUT);
    }

    // ---------------------------------------------------------------- borrowed buffers, local files

    @Test
    void aBorrowedPutStoresTheBytesOfDirectBuffersAndReleasesEachElementOnce() {
        byte[] bytes = random(300_000, 12);
        List<Lent> lent = new ArrayList<>();
        StepVerifier.create(store.putBorrowed(lent(bytes, 7_000, lent), Ref.of(bytes)))
                .expectNext(new PutResult(Ref.of(bytes), true))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(readAll(store.read(Ref.of(bytes)))).isEqualTo(bytes);
        assertThat(lent).hasSize(43).allSatisfy(l -> assertThat(l.releases.get()).isEqualTo(1));
    }

    @Test
    void aBorrowedPutThatFailsReleasesEveryElementItTookAndStoresNothing() {
        byte[] bytes = random(100_000, 13);
        List<Lent> lent = new ArrayList<>();
        StepVerifier.create(store.putBorrowed(lent(bytes, 10_000, lent), ABC_REF))
                .expectError(BlobHashMismatchException.class)
                .verify(TIMEOUT);
        assertNothingStored(Ref.of(bytes));
        assertThat(lent).hasSize(10).allSatisfy(l -> assertThat(l.releases.get()).isEqualTo(1));
    }

    @Test
    void aBorrowedPutCancelledHalfwayReleasesEveryElementItTookAndStoresNothing() throws InterruptedException {
        byte[] bytes = random(160_000, 14);
        List<Lent> lent = java.util.Collections.synchronizedList(new ArrayList<>());
        Flux<BorrowedBytes> half = lent(bytes, 10_000, lent).take(8).concatWith(Flux.never());
        StepVerifier.create(store.putBorrowed(half, null))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(200))
                .thenCancel()
                .verify(TIMEOUT);
        assertNothingStored(Ref.of(bytes));
        // a write under way on another thread when the cancel came releases its element when it returns
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (lent.stream().anyMatch(l -> l.releases.get() == 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(lent).isNotEmpty().allSatisfy(l -> assertThat(l.releases.get()).isEqualTo(1));
    }

    /** A store either has no local files or gives a file with exactly the blob's bytes. */
    @Test
    void aLocalFileIfAnyHoldsExactlyTheBlobsBytes() throws java.io.IOException {
        byte[] bytes = random(100_000, 15);
        Ref ref = store.put(bytes).block(TIMEOUT).ref();
        BlobFile file = store.localFile(ref).block(TIMEOUT);
        if (file == null) {
            StepVerifier.create(store.localFile(ABC_REF)).expectComplete().verify(TIMEOUT);
            return;
        }
        assertThat(file.size()).isEqualTo(bytes.length);
        assertThat(java.nio.file.Files.readAllBytes(file.path())).isEqualTo(bytes);
        StepVerifier.create(store.localFile(ABC_REF)).expectError(BlobNotFoundException.class).verify(TIMEOUT);
    }

    /** Borrowed bytes that count their releases. */
    private static final class Lent implements BorrowedBytes {
        private final ByteBuffer[] buffers;
        private final java.util.concurrent.atomic.AtomicInteger releases = new java.util.concurrent.atomic.AtomicInteger();

        Lent(ByteBuffer... buffers) {
            this.buffers = buffers;
        }

        @Override
        public ByteBuffer[] buffers() {
            assertThat(releases.get()).as("read after release").isZero();
            return buffers;
        }

        @Override
        public void release() {
            releases.incrementAndGet();
        }
    }

    /** {@code bytes} lent in elements of {@code size} bytes, each split over two direct buffers; recorded in {@code lent}. */
    private static Flux<BorrowedBytes> lent(byte[] bytes, int size, List<Lent> lent) {
        return pieces(bytes, size).map(piece -> {
            int half = piece.remaining() / 2;
            ByteBuffer first = ByteBuffer.allocateDirect(half).put(piece.duplicate().limit(half)).flip();
            ByteBuffer second = ByteBuffer.allocateDirect(piece.remaining() - half)
                    .put(piece.duplicate().position(half)).flip();
            Lent l = new Lent(first, second);
            lent.add(l);
            return l;
        });
    }

    /** Waits until a cancelled or failed put has cleaned up after itself; nothing to wait for by default. */
    protected void awaitNoLeftovers() {
    }

    private void assertNothingStored(Ref ref) {
        StepVerifier.create(store.size(ref)).expectError(BlobNotFoundException.class).verify(TIMEOUT);
        StepVerifier.create(store.listRefs().filter(ref::equals)).expectComplete().verify(TIMEOUT);
    }

    /** {@code n} pseudo-random bytes from {@code seed}. */
    protected static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** {@code bytes} as fresh buffers of {@code size} bytes (the last shorter). */
    protected static Flux<ByteBuffer> pieces(byte[] bytes, int size) {
        return Flux.range(0, (bytes.length + size - 1) / size)
                .map(i -> ByteBuffer.wrap(Arrays.copyOfRange(bytes, i * size, Math.min(bytes.length, (i + 1) * size))));
    }

    /** All bytes of {@code buffers}, in order. */
    protected static byte[] readAll(Flux<ByteBuffer> buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        buffers.doOnNext(b -> {
            byte[] copy = new byte[b.remaining()];
            b.duplicate().get(copy);
            out.write(copy, 0, copy.length);
        }).then().block(TIMEOUT);
        return out.toByteArray();
    }

    /** Puts {@code n} distinct blobs and returns their refs. */
    protected List<Ref> putMany(int n) {
        return Flux.range(0, n)
                .concatMap(i -> store.put(("blob " + i).getBytes(StandardCharsets.UTF_8)))
                .map(PutResult::ref)
                .collectList()
                .block(TIMEOUT);
    }
}
