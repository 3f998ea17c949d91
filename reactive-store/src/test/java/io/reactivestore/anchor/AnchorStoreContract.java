package io.reactivestore.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.BlobStoreContract;
import io.reactivestore.blob.Ref;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The behaviour every {@link AnchorStore} promises, on top of the {@link BlobStoreContract} it also
 * passes. A backend's test extends this class and implements {@link #createAnchorStore()}.
 */
public abstract class AnchorStoreContract extends BlobStoreContract {

    protected static final Instant T1 = Instant.parse("2026-01-01T00:00:01Z");
    protected static final Instant T2 = Instant.parse("2026-01-01T00:00:02Z");
    protected static final Instant T3 = Instant.parse("2026-01-01T00:00:03Z");
    protected static final Instant T4 = Instant.parse("2026-01-01T00:00:04Z");

    protected AnchorStore anchors;
    protected Ref a;
    protected Ref b;
    protected Ref c;

    /** A new anchor store with no blobs and no anchor map. */
    protected abstract AnchorStore createAnchorStore();

    @Override
    protected final BlobStore createStore() {
        return createAnchorStore();
    }

    @BeforeEach
    void refs() {
        anchors = (AnchorStore) store;
        a = Ref.of("A".getBytes(StandardCharsets.UTF_8));
        b = Ref.of("B".getBytes(StandardCharsets.UTF_8));
        c = Ref.of("C".getBytes(StandardCharsets.UTF_8));
    }

    private void given(String name, Ref ref, Instant at) {
        anchors.put(name, ref, at).block(TIMEOUT);
    }

    private List<Anchor> history() {
        return anchors.each().collectList().block(TIMEOUT);
    }

    @Test
    void beforeTheFirstWriteThereIsNoAnchorMap() {
        StepVerifier.create(anchors.anchorMapRef()).expectError(NoAnchorMapException.class).verify(TIMEOUT);
        StepVerifier.create(anchors.each()).expectComplete().verify(TIMEOUT);
        StepVerifier.create(anchors.get("x", T1)).expectError(AnchorNotFoundException.class).verify(TIMEOUT);
    }

    @Test
    void getReturnsTheLatestRefNotLaterThanAt() {
        given("x", a, T1);
        given("x", b, T3);
        StepVerifier.create(Flux.concat(anchors.get("x", T1), anchors.get("x", T2), anchors.get("x", T3),
                        anchors.get("x", T4)))
                .expectNext(a, a, b, b)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void getBeforeTheFirstEntryOrOfAnUnknownNameIsNotFound() {
        given("x", a, T2);
        StepVerifier.create(anchors.get("x", T1))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(AnchorNotFoundException.class);
                    assertThat(((AnchorNotFoundException) e).name()).isEqualTo("x");
                    assertThat(((AnchorNotFoundException) e).at()).isEqualTo(T1);
                })
                .verify(TIMEOUT);
        StepVerifier.create(anchors.get("y", T4)).expectError(AnchorNotFoundException.class).verify(TIMEOUT);
    }

    @Test
    void puttingTheSameRefAgainLaterChangesNothing() {
        given("x", a, T1);
        Ref map = anchors.anchorMapRef().block(TIMEOUT);
        given("x", a, T3);
        given("x", a, T1);
        assertThat(history()).containsExactly(new Anchor("x", a, T1));
        assertThat(anchors.anchorMapRef().block(TIMEOUT)).isEqualTo(map);
    }

    @Test
    void puttingARefIntoTheMiddleKeepsTheEarlierOfTwoEqualNeighbours() {
        given("x", a, T1);
        given("x", b, T3);
        given("x", b, T2);
        assertThat(history()).containsExactly(new Anchor("x", a, T1), new Anchor("x", b, T2));
    }

    @Test
    void anEarlierEntryWithTheSameRefAbsorbsTheLaterOne() {
        given("x", a, T3);
        given("x", a, T1);
        assertThat(history()).containsExactly(new Anchor("x", a, T1));
    }

    @Test
    void aDifferentRefAtTheSameTimeIsKeptInRefOrder() {
        given("x", b, T1);
        given("x", a, T1);
        assertThat(history()).containsExactly(new Anchor("x", a, T1), new Anchor("x", b, T1));
    }

    @Test
    void eachListsNamesAscendingAndOldestFirstWithinAName() {
        given("y", c, T2);
        given("x", b, T3);
        given("x", a, T1);
        given("y", a, T1);
        assertThat(history()).containsExactly(
                new Anchor("x", a, T1), new Anchor("x", b, T3), new Anchor("y", a, T1), new Anchor("y", c, T2));
    }

    @Test
    void expireDropsStrictlyOlderEntriesFromTheFrontButKeepsMin() {
        given("x", a, T1);
        given("x", b, T2);
        given("x", c, T3);
        given("y", a, T1);
        anchors.expire(T2, 1).block(TIMEOUT);
        assertThat(history()).containsExactly(
                new Anchor("x", b, T2), new Anchor("x", c, T3), new Anchor("y", a, T1));
        anchors.expire(T4, 1).block(TIMEOUT);
        assertThat(history()).containsExactly(new Anchor("x", c, T3), new Anchor("y", a, T1));
        anchors.expire(T4, 0).block(TIMEOUT);
        assertThat(history()).isEmpty();
        StepVerifier.create(anchors.get("x", T4)).expectError(AnchorNotFoundException.class).verify(TIMEOUT);
    }

    @Test
    void theAnchorMapIsABlobInTheStore() {
        given("x", a, T1);
        Ref map = anchors.anchorMapRef().block(TIMEOUT);
        StepVerifier.create(anchors.get(map).map(blob -> new String(blob.bytes(), StandardCharsets.UTF_8)))
                .assertNext(json -> assertThat(json).contains("\"x\"").contains(a.hex()))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(anchors.listRefs().collectList())
                .assertNext(refs -> assertThat(refs).contains(map))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void anUpdateThatLostTheRaceFailsWithUpdateConflictAndChangesNothing() {
        given("x", a, T1);
        Ref before = anchors.anchorMapRef().block(TIMEOUT);
        StepVerifier.create(anchors.updateAnchorMap(current -> anchors.put("y", b, T2)
                        .then(anchors.put("stale".getBytes(StandardCharsets.UTF_8)))
                        .map(put -> put.ref())))
                .expectError(UpdateConflictException.class)
                .verify(TIMEOUT);
        Ref winner = anchors.anchorMapRef().block(TIMEOUT);
        assertThat(winner).isNotEqualTo(before);
        assertThat(history()).containsExactly(new Anchor("x", a, T1), new Anchor("y", b, T2));
    }

    @Test
    void anUpdateIsGivenTheCurrentRefAndMovesItToTheReturnedOne() {
        Ref first = anchors.put("{\"anchors\":{},\"types\":{}}".getBytes(StandardCharsets.UTF_8))
                .block(TIMEOUT).ref();
        AtomicInteger calls = new AtomicInteger();
        StepVerifier.create(anchors.updateAnchorMap(current -> {
                    calls.incrementAndGet();
                    assertThat(current).isEmpty();
                    return Mono.just(first);
                }))
                .expectNext(first)
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(anchors.updateAnchorMap(current -> Mono.just(current.orElseThrow())))
                .expectNext(first)
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(anchors.updateAnchorMap(current -> Mono.empty()))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(anchors.anchorMapRef().block(TIMEOUT)).isEqualTo(first);
        assertThat(calls).hasValue(1);
    }

    @Test
    void concurrentPutsOfDifferentNamesAllLand() {
        Flux.range(0, 8)
                .flatMap(i -> anchors.put("n" + i, a, T1).subscribeOn(Schedulers.parallel()))
                .then()
                .block(TIMEOUT);
        assertThat(history()).extracting(Anchor::name)
                .containsExactly("n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7");
    }

    /** With BlockHound installed (as in this build), blocking on the non-blocking thread fails this test. */
    @Test
    void anchorOperationsMayBeSubscribedOnANonBlockingThread() {
        StepVerifier.create(Mono.defer(() -> anchors.put("x", a, T1)).subscribeOn(Schedulers.parallel())
                        .then(Mono.defer(() -> anchors.get("x", T2)).subscribeOn(Schedulers.parallel())))
                .expectNext(a)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void typedValuesAreFoundByTheirType() {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode first = json.createObjectNode().put("n", 1);
        ObjectNode second = json.createObjectNode().put("n", 2);
        Ref r1 = anchors.putTyped("counter/v1", first).block(TIMEOUT).ref();
        Ref r2 = anchors.putTyped("counter/v1", second).block(TIMEOUT).ref();
        Ref other = anchors.putTyped("note/v1", json.createObjectNode().put("text", "hi")).block(TIMEOUT).ref();
        StepVerifier.create(anchors.refsOfType("counter/v1").collectList())
                .expectNext(List.of(r1, r2).stream().sorted().toList())
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(anchors.refsOfType("note/v1")).expectNext(other).expectComplete().verify(TIMEOUT);
        StepVerifier.create(anchors.refsOfType("unknown")).expectComplete().verify(TIMEOUT);
        StepVerifier.create(anchors.getTyped(r2))
                .expectNext(new TypedValue("counter/v1", second))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void aBlobThatIsNotATypedValueIsReportedAsSuch() {
        Ref plain = anchors.put("plain".getBytes(StandardCharsets.UTF_8)).block(TIMEOUT).ref();
        StepVerifier.create(anchors.getTyped(plain)).expectError(InvalidAnchorMapException.class).verify(TIMEOUT);
    }

    @Test
    void anUpdateSeesNoMapBeforeTheFirstWrite() {
        List<Optional<Ref>> seen = new ArrayList<>();
        StepVerifier.create(anchors.updateAnchorMap(current -> {
                    seen.add(current);
                    return Mono.empty();
                }))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(seen).containsExactly(Optional.empty());
        StepVerifier.create(anchors.anchorMapRef()).expectError(NoAnchorMapException.class).verify(TIMEOUT);
    }
}
