package io.reactivestore.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
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

    /** Puts {@code n} distinct blobs and returns their refs. */
    protected List<Ref> putMany(int n) {
        return Flux.range(0, n)
                .concatMap(i -> store.put(("blob " + i).getBytes(StandardCharsets.UTF_8)))
                .map(PutResult::ref)
                .collectList()
                .block(TIMEOUT);
    }
}
