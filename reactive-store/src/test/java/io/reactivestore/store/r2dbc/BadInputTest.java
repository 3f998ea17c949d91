package io.reactivestore.store.r2dbc;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.InvalidEventException;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.store.EventLimits;
import io.reactivestore.store.SaveResult;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Input a store must refuse with a typed error, and input it must keep byte for byte, on both databases. */
@Tag("integration")
class BadInputTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final EventLimits LIMITS = new EventLimits(4096, 1000, 5, 4, 100);

    static Stream<Arguments> stores() {
        Supplier<R2dbcEventStore> h2 = () -> R2dbcEventStore.open(TestDatabases.h2InMemory(), LIMITS, 100, 1000,
                false).block(TIMEOUT);
        Supplier<R2dbcEventStore> pg = () -> R2dbcEventStore.open(TestDatabases.postgres(), LIMITS, 100, 1000,
                false).block(TIMEOUT);
        return Stream.of(Arguments.of("h2", h2), Arguments.of("postgresql", pg));
    }

    static Stream<Arguments> oversized() {
        List<List<String>> sixTags = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sixTags.add(List.of("t", "v" + i));
        }
        return Stream.of(
                Arguments.of("content", signed(1, List.of(), "x".repeat(1001))),
                Arguments.of("content", signed(1, List.of(), "\u00e9".repeat(501))), // 1002 UTF-8 bytes
                Arguments.of("tags", signed(1, sixTags, "too many tags")),
                Arguments.of("tags", signed(1, List.of(List.of("t", "a", "b", "c", "d")), "long tag")),
                Arguments.of("tags", signed(1, List.of(List.of("t", "v".repeat(101))), "long value")),
                Arguments.of("tags", signed(1, List.of(List.of("t", "nul\u0000byte")), "U+0000 in an indexed value")),
                // 900 content bytes, but each control character is 6 bytes of JSON: over 4096
                Arguments.of("json", signed(1, List.of(), "\u0001".repeat(900))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void oversizedEventsAreRefusedWithATypedErrorAndTheStoreKeepsWorking(String db, Supplier<R2dbcEventStore> open) {
        R2dbcEventStore store = open.get();
        try {
            oversized().forEach(args -> {
                String field = (String) args.get()[0];
                Event e = (Event) args.get()[1];
                StepVerifier.create(store.save(e))
                        .expectErrorSatisfies(x -> assertThat(x).isInstanceOf(InvalidEventException.class)
                                .extracting(y -> ((InvalidEventException) y).field()).isEqualTo(field))
                        .verify(TIMEOUT);
            });
            Event fine = signed(1, List.of(List.of("t", "ok")), "fine");
            StepVerifier.create(store.save(fine)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
            StepVerifier.create(store.count(List.of(Filter.ALL))).expectNext(1L).expectComplete().verify(TIMEOUT);
        } finally {
            store.close().block(TIMEOUT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void oneOversizedEventAmongConcurrentSavesFailsAloneWhileTheOthersAreStored(String db, Supplier<R2dbcEventStore> open) {
        R2dbcEventStore store = open.get();
        try {
            List<Event> good = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                good.add(signed(1, List.of(List.of("t", "batch")), "good " + i));
            }
            Event bad = signed(1, List.of(), "x".repeat(2000));
            List<Object> outcomes = Flux.concat(Flux.fromIterable(good.subList(0, 25)), Flux.just(bad),
                            Flux.fromIterable(good.subList(25, 50)))
                    .flatMap(e -> store.save(e).<Object>map(r -> r).onErrorResume(x -> Mono.just(x)), 64)
                    .collectList().block(TIMEOUT);
            assertThat(outcomes).hasSize(51)
                    .filteredOn(o -> o instanceof InvalidEventException).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o == SaveResult.SAVED).hasSize(50);
            StepVerifier.create(store.count(List.of(Filter.builder().tag("t", "batch").build())))
                    .expectNext(50L).expectComplete().verify(TIMEOUT);
        } finally {
            store.close().block(TIMEOUT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void sqlMetacharactersAndUnicodeRoundTripByteExactAndMatchAsTagValues(String db, Supplier<R2dbcEventStore> open) {
        R2dbcEventStore store = open.get();
        List<String> nasty = List.of("'; DROP TABLE events; --", "\" OR 1=1 --", "%", "_", "a%b_c", "\\", "\\'",
                "$1", "?", ":name", "/* c */", "\u00e9\u0301", "\uD83D\uDE80\uD83C\uDDFA\uD83C\uDDF8",
                "\u05e9\u05dc\u05d5\u05dd", "\u200b\u200d\ufeff", "\u2028\u2029", "tab\there", "nl\nhere",
                "\u0001\u001f", "NULL", "", " ");
        try {
            List<Event> saved = new ArrayList<>();
            for (int i = 0; i < nasty.size(); i++) {
                String v = nasty.get(i);
                saved.add(event(ALICE, 1, 1000 + i, v + " content " + v, "t", v, "x", v + v));
            }
            Flux.fromIterable(saved).concatMap(store::save).blockLast(TIMEOUT);
            for (int i = 0; i < nasty.size(); i++) {
                Event expected = saved.get(i);
                StepVerifier.create(store.query(Filter.builder().tag("t", nasty.get(i)).build()))
                        .as("tag value " + nasty.get(i))
                        .assertNext(found -> {
                            assertThat(found.toJson()).isEqualTo(expected.toJson());
                            assertThat(found.jsonBytes()).isEqualTo(expected.jsonBytes());
                            assertThat(found.tags()).isEqualTo(expected.tags());
                        })
                        .expectComplete().verify(TIMEOUT);
            }
            StepVerifier.create(store.count(List.of(Filter.builder().tag("t", "%").build()))).expectNext(1L)
                    .expectComplete().verify(TIMEOUT);
        } finally {
            store.close().block(TIMEOUT);
        }
    }

    private static final KeyPair KEY = KeyPair.generate();
    private static int sequence;

    private static synchronized Event signed(int kind, List<List<String>> tags, String content) {
        return KEY.sign(new UnsignedEvent(1_000 + sequence++, kind, tags, content));
    }
}
