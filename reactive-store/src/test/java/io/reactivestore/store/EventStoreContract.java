package io.reactivestore.store;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.BOB;
import static io.reactivestore.testing.TestEvents.CAROL;
import static io.reactivestore.testing.TestEvents.addressable;
import static io.reactivestore.testing.TestEvents.event;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.EventOrder;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.NostrJson;
import io.reactivestore.event.UnsignedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The contract of {@link EventStore}: every backend and decorator extends this class and passes
 * every case. A behaviour of the API is defined here, once.
 *
 * <p>Subclasses implement {@link #createStore()}: each call returns a new, empty store independent of
 * every other one it returned (a fresh database or schema for SQL backends). Stores are closed after
 * each test; {@link #cleanup()} runs after that.
 */
public abstract class EventStoreContract implements SearchContract {

    /** Bound of every wait: generous, since CI machines are slow and shared. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<EventStore> created = new ArrayList<>();
    protected EventStore store;

    /** A new, empty store, independent of every other store this method returned. */
    protected abstract EventStore createStore();

    /** Runs after each test, once every store this test created is closed. */
    protected void cleanup() {
    }

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStores() {
        for (EventStore s : created) {
            s.close().block(TIMEOUT);
        }
        created.clear();
        cleanup();
    }

    @Override
    public EventStore searchStore() {
        return store;
    }

    protected final EventStore newStore() {
        EventStore s = createStore();
        created.add(s);
        return s;
    }

    protected void given(Event... events) {
        givenIn(store, events);
    }

    protected static void givenIn(EventStore target, Event... events) {
        Flux.fromArray(events).concatMap(target::save).then().block(TIMEOUT);
    }

    private void expectQuery(List<Filter> filters, Event... expected) {
        StepVerifier.create(store.query(filters)).expectNext(expected).expectComplete().verify(TIMEOUT);
    }

    private void expectQuery(Filter filter, Event... expected) {
        expectQuery(List.of(filter), expected);
    }

    private static Filter.Builder filter() {
        return Filter.builder();
    }

    // ------------------------------------------------------------------ save

    @Test
    void saveOfANewEventReturnsSaved() {
        StepVerifier.create(store.save(note(ALICE, 100, "hello"))).expectNext(SaveResult.SAVED).expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void savingTheSameEventAgainReturnsDuplicateAndKeepsOneCopy() {
        Event e = note(ALICE, 100, "hello");
        given(e);
        StepVerifier.create(store.save(e)).expectNext(SaveResult.DUPLICATE).expectComplete().verify(TIMEOUT);
        expectQuery(Filter.ALL, e);
    }

    @Test
    void savedEventIsServedWithItsExactJsonBytes() {
        Event original = note(ALICE, 100, "unicode \uD83D\uDE80 \u2028 'quotes' \"; DROP TABLE events; -- \\ %_");
        String json = original.toJson();
        String withExtras = "{ \"zzz\": [1, {\"nested\": true}],  " + json.substring(1).replace(",", " , ");
        Event parsed = NostrJson.parseEvent(withExtras);
        given(parsed);
        StepVerifier.create(store.query(filter().ids(original.id()).build()))
                .assertNext(e -> {
                    assertThat(e.toJson()).isEqualTo(withExtras);
                    assertThat(e.content()).isEqualTo(original.content());
                    assertThat(e.tags()).isEqualTo(original.tags());
                })
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    void tagsAndContentRoundTripExactly() {
        Event e = event(ALICE, 1, 100, "line1\nline2\ttab\u0001ctl", "t", "n\u00f6str \uD83C\uDF0D", "e", "'; --", "x", "");
        given(e);
        StepVerifier.create(store.query(filter().ids(e.id()).build()))
                .assertNext(found -> {
                    assertThat(found.content()).isEqualTo(e.content());
                    assertThat(found.tags()).isEqualTo(e.tags());
                    assertThat(found.hasValidId()).isTrue();
                })
                .expectComplete().verify(TIMEOUT);
    }

    // ------------------------------------------------------------------ filters, one field at a time

    @Test
    void queryOfAnEmptyStoreCompletesEmpty() {
        expectQuery(Filter.ALL);
    }

    @Test
    void emptyListOfFiltersReturnsNothing() {
        given(note(ALICE, 100, "a"));
        expectQuery(List.of());
    }

    @Test
    void filterWithoutConditionsReturnsEverythingNewestFirst() {
        Event a = note(ALICE, 100, "a");
        Event b = note(BOB, 300, "b");
        Event c = note(CAROL, 200, "c");
        given(a, b, c);
        expectQuery(Filter.ALL, b, c, a);
    }

    @Test
    void idsSelectExactlyThoseEvents() {
        Event a = note(ALICE, 100, "a");
        Event b = note(ALICE, 200, "b");
        Event c = note(ALICE, 300, "c");
        given(a, b, c);
        expectQuery(filter().ids(a.id(), c.id()).build(), c, a);
    }

    @Test
    void unknownIdsMatchNothing() {
        given(note(ALICE, 100, "a"));
        expectQuery(filter().ids("ab".repeat(32)).build());
    }

    @Test
    void emptyIdsListMatchesNothing() {
        given(note(ALICE, 100, "a"));
        expectQuery(filter().ids(List.of()).build());
    }

    @Test
    void authorsSelectEventsOfAnyListedAuthor() {
        Event a = note(ALICE, 100, "a");
        Event b = note(BOB, 200, "b");
        Event c = note(CAROL, 300, "c");
        given(a, b, c);
        expectQuery(filter().authors(ALICE.publicKey(), CAROL.publicKey()).build(), c, a);
    }

    @Test
    void kindsSelectEventsOfAnyListedKind() {
        Event k1 = event(ALICE, 1, 100, "k1");
        Event k7 = event(ALICE, 7, 200, "k7");
        Event k30 = event(ALICE, 1984, 300, "k1984");
        given(k1, k7, k30);
        expectQuery(filter().kinds(1, 1984).build(), k30, k1);
    }

    @Test
    void tagFilterMatchesTheFirstValueOfATag() {
        Event tagged = note(ALICE, 100, "a", "t", "nostr");
        Event other = note(ALICE, 200, "b", "t", "java");
        Event valueLater = event(ALICE, 1, 300, "c", "x", "nostr");
        given(tagged, other, valueLater);
        expectQuery(filter().tag("t", "nostr").build(), tagged);
    }

    @Test
    void tagFilterWithSeveralValuesMatchesAnyOfThem() {
        Event a = note(ALICE, 100, "a", "t", "nostr");
        Event b = note(ALICE, 200, "b", "t", "java");
        Event c = note(ALICE, 300, "c", "t", "rust");
        given(a, b, c);
        expectQuery(filter().tag("t", "nostr", "java").build(), b, a);
    }

    @Test
    void eventWithSeveralMatchingTagValuesIsReturnedOnce() {
        Event both = note(ALICE, 100, "both", "t", "nostr", "t", "java");
        given(both);
        expectQuery(filter().tag("t", "nostr", "java").build(), both);
    }

    @Test
    void twoTagConditionsMustBothHold() {
        Event both = note(ALICE, 100, "both", "t", "nostr", "p", BOB.publicKey());
        Event onlyT = note(ALICE, 200, "t only", "t", "nostr");
        Event onlyP = note(ALICE, 300, "p only", "p", BOB.publicKey());
        given(both, onlyT, onlyP);
        expectQuery(filter().tag("t", "nostr").tag("p", BOB.publicKey()).build(), both);
    }

    @Test
    void tagNamesAreCaseSensitive() {
        Event lower = note(ALICE, 100, "lower", "t", "x");
        Event upper = note(ALICE, 200, "upper", "T", "x");
        given(lower, upper);
        expectQuery(filter().tag("T", "x").build(), upper);
    }

    @Test
    void sinceIsInclusive() {
        Event before = note(ALICE, 99, "before");
        Event at = note(ALICE, 100, "at");
        Event after = note(ALICE, 101, "after");
        given(before, at, after);
        expectQuery(filter().since(100).build(), after, at);
    }

    @Test
    void untilIsInclusive() {
        Event before = note(ALICE, 99, "before");
        Event at = note(ALICE, 100, "at");
        Event after = note(ALICE, 101, "after");
        given(before, at, after);
        expectQuery(filter().until(100).build(), at, before);
    }

    @Test
    void sinceAndUntilTogetherSelectAClosedWindow() {
        List<Event> events = IntStream.range(0, 10).mapToObj(i -> note(ALICE, 100 + i, "e" + i)).toList();
        given(events.toArray(Event[]::new));
        expectQuery(filter().since(103).until(105).build(), events.get(5), events.get(4), events.get(3));
    }

    @Test
    void sinceAfterUntilMatchesNothing() {
        given(note(ALICE, 100, "a"));
        expectQuery(filter().since(101).until(99).build());
    }

    @Test
    void allConditionsOfOneFilterAreAnded() {
        Event match = event(ALICE, 1, 150, "match", "t", "nostr");
        Event wrongAuthor = event(BOB, 1, 150, "author", "t", "nostr");
        Event wrongKind = event(ALICE, 7, 150, "kind", "t", "nostr");
        Event wrongTag = event(ALICE, 1, 150, "tag", "t", "java");
        Event tooOld = event(ALICE, 1, 50, "old", "t", "nostr");
        given(match, wrongAuthor, wrongKind, wrongTag, tooOld);
        expectQuery(filter().authors(ALICE.publicKey()).kinds(1).tag("t", "nostr").since(100).until(200).build(),
                match);
    }

    @Test
    void queriesAgreeWithTheReferenceSemanticsOnRandomData() {
        long seed = 20261125L;
        java.util.Random random = new java.util.Random(seed);
        KeyPair[] authors = {ALICE, BOB, CAROL};
        int[] kinds = {1, 7, 1984, 9735};
        String[] values = {"a", "b", "c", "d", "e"};
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            List<String> tags = new ArrayList<>();
            for (int t = random.nextInt(3); t > 0; t--) {
                tags.add(random.nextBoolean() ? "t" : "p");
                tags.add(values[random.nextInt(values.length)]);
            }
            events.add(event(authors[random.nextInt(3)], kinds[random.nextInt(kinds.length)], 1000 + random.nextInt(40),
                    "r" + i, tags.toArray(String[]::new)));
        }
        given(events.toArray(Event[]::new));
        for (int q = 0; q < 40; q++) {
            List<Filter> filters = new ArrayList<>();
            for (int f = 1 + random.nextInt(2); f > 0; f--) {
                filters.add(randomFilter(random, authors, kinds, values, events));
            }
            List<Event> expected = referenceQuery(events, filters);
            StepVerifier.create(store.query(filters).collectList()).as("seed " + seed + ", query " + q + ": " + filters)
                    .expectNext(expected).expectComplete().verify(TIMEOUT);
            int pageSize = 1 + random.nextInt(5);
            List<List<Event>> pages = store.queryPages(filters, pageSize).collectList().block(TIMEOUT);
            assertThat(pages).as("pages of %d, seed %d, query %d: %s", pageSize, seed, q, filters)
                    .allSatisfy(page -> assertThat(page).isNotEmpty().hasSizeLessThanOrEqualTo(pageSize));
            assertThat(pages.stream().flatMap(List::stream).toList())
                    .as("pages of %d, seed %d, query %d: %s", pageSize, seed, q, filters).isEqualTo(expected);
            StepVerifier.create(store.count(filters)).as("count, seed " + seed + ", query " + q + ": " + filters)
                    .expectNext((long) expected.size()).expectComplete().verify(TIMEOUT);
        }
    }

    private static Filter randomFilter(java.util.Random random, KeyPair[] authors, int[] kinds, String[] values,
                                       List<Event> events) {
        Filter.Builder b = filter();
        if (random.nextInt(4) == 0) {
            b.authors(authors[random.nextInt(3)].publicKey(), authors[random.nextInt(3)].publicKey());
        }
        if (random.nextInt(3) == 0) {
            b.kinds(kinds[random.nextInt(kinds.length)], kinds[random.nextInt(kinds.length)]);
        }
        if (random.nextInt(3) == 0) {
            b.tag(random.nextBoolean() ? "t" : "p", values[random.nextInt(values.length)], values[random.nextInt(values.length)]);
        }
        if (random.nextInt(6) == 0) {
            b.ids(events.get(random.nextInt(events.size())).id(), events.get(random.nextInt(events.size())).id());
        }
        if (random.nextInt(3) == 0) {
            b.since(1000 + random.nextInt(40));
        }
        if (random.nextInt(3) == 0) {
            b.until(1000 + random.nextInt(40));
        }
        if (random.nextInt(2) == 0) {
            b.limit(random.nextInt(12));
        }
        return b.build();
    }

    /** NIP-01 semantics spelled out naively: per filter, matches newest first, limited; the union newest first. */
    private static List<Event> referenceQuery(List<Event> events, List<Filter> filters) {
        java.util.Set<Event> union = new java.util.HashSet<>();
        for (Filter f : filters) {
            events.stream().filter(f::matches).sorted(EventOrder.NEWEST_FIRST)
                    .limit(f.limit() == null ? Long.MAX_VALUE : f.limit()).forEach(union::add);
        }
        return union.stream().sorted(EventOrder.NEWEST_FIRST).toList();
    }

    // ------------------------------------------------------------------ ordering and limits

    @Test
    void resultsAreNewestFirst() {
        List<Event> events = IntStream.of(5, 1, 9, 3, 7).mapToObj(t -> note(ALICE, t, "t" + t)).toList();
        given(events.toArray(Event[]::new));
        List<Event> expected = events.stream().sorted(EventOrder.NEWEST_FIRST).toList();
        expectQuery(Filter.ALL, expected.toArray(Event[]::new));
    }

    @Test
    void equalTimestampsAreOrderedByIdAscending() {
        List<Event> sameTime = IntStream.range(0, 6).mapToObj(i -> note(ALICE, 500, "tie " + i)).toList();
        given(sameTime.toArray(Event[]::new));
        List<Event> expected = sameTime.stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
        expectQuery(Filter.ALL, expected.toArray(Event[]::new));
    }

    @Test
    void limitZeroReturnsNothing() {
        given(note(ALICE, 100, "a"), note(ALICE, 200, "b"));
        expectQuery(filter().limit(0).build());
    }

    @Test
    void limitOneReturnsTheNewest() {
        Event old = note(ALICE, 100, "old");
        Event newest = note(ALICE, 300, "newest");
        Event middle = note(ALICE, 200, "middle");
        given(old, newest, middle);
        expectQuery(filter().limit(1).build(), newest);
    }

    @Test
    void limitKeepsTheNewestMatches() {
        List<Event> events = IntStream.range(0, 20).mapToObj(i -> note(ALICE, 1000 + i, "e" + i)).toList();
        given(events.toArray(Event[]::new));
        expectQuery(filter().authors(ALICE.publicKey()).limit(3).build(), events.get(19), events.get(18),
                events.get(17));
    }

    @Test
    void limitLargerThanTheMatchesReturnsAllMatches() {
        Event a = note(ALICE, 100, "a");
        Event b = note(ALICE, 200, "b");
        given(a, b);
        expectQuery(filter().limit(5000).build(), b, a);
    }

    @Test
    void limitAmongEqualTimestampsKeepsTheLowestIds() {
        List<Event> sameTime = IntStream.range(0, 6).mapToObj(i -> note(ALICE, 500, "tie " + i)).toList();
        given(sameTime.toArray(Event[]::new));
        List<Event> expected = sameTime.stream().sorted((a, b) -> a.id().compareTo(b.id())).limit(2).toList();
        expectQuery(filter().limit(2).build(), expected.toArray(Event[]::new));
    }

    @Test
    void limitWithUntilPagesBackThroughHistory() {
        List<Event> events = IntStream.range(0, 10).mapToObj(i -> note(ALICE, 100 + i, "e" + i)).toList();
        given(events.toArray(Event[]::new));
        expectQuery(filter().until(104).limit(2).build(), events.get(4), events.get(3));
    }

    // ------------------------------------------------------------------ several filters

    @Test
    void severalFiltersAreOredWithoutDuplicates() {
        Event a = note(ALICE, 100, "a", "t", "nostr");
        Event b = note(BOB, 200, "b", "t", "nostr");
        Event c = note(CAROL, 300, "c");
        given(a, b, c);
        expectQuery(List.of(filter().authors(ALICE.publicKey(), BOB.publicKey()).build(),
                filter().tag("t", "nostr").build(), filter().ids(c.id(), a.id()).build()), c, b, a);
    }

    @Test
    void limitAppliesToEachFilterSeparately() {
        List<Event> alice = IntStream.range(0, 5).mapToObj(i -> note(ALICE, 100 + i, "a" + i)).toList();
        List<Event> bob = IntStream.range(0, 5).mapToObj(i -> note(BOB, 200 + i, "b" + i)).toList();
        given(alice.toArray(Event[]::new));
        given(bob.toArray(Event[]::new));
        expectQuery(List.of(filter().authors(ALICE.publicKey()).limit(2).build(),
                        filter().authors(BOB.publicKey()).limit(1).build()),
                bob.get(4), alice.get(4), alice.get(3));
    }

    @Test
    void overlappingFiltersWithLimitsReturnEachEventOnce() {
        List<Event> events = IntStream.range(0, 6).mapToObj(i -> note(ALICE, 100 + i, "e" + i, "t", "x")).toList();
        given(events.toArray(Event[]::new));
        expectQuery(List.of(filter().authors(ALICE.publicKey()).limit(3).build(), filter().tag("t", "x").limit(4).build()),
                events.get(5), events.get(4), events.get(3), events.get(2));
    }

    @Test
    void aFilterThatCannotMatchDoesNotHideTheOthers() {
        Event a = note(ALICE, 100, "a");
        given(a);
        expectQuery(List.of(filter().limit(0).build(), filter().ids(List.of()).build(),
                filter().authors(ALICE.publicKey()).build()), a);
    }

    // ------------------------------------------------------------------ backpressure and cancellation

    @Test
    void resultsAreStreamedOnDemand() {
        List<Event> events = IntStream.range(0, 60).mapToObj(i -> note(ALICE, 1000 + i, "e" + i)).toList();
        given(events.toArray(Event[]::new));
        StepVerifier.create(store.query(Filter.ALL), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(3)
                .expectNext(events.get(59), events.get(58), events.get(57))
                .thenRequest(2)
                .expectNext(events.get(56), events.get(55))
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void pagesAreServedOnePerRequestAndHoldAtMostThePageSize() {
        List<Event> events = IntStream.range(0, 10).mapToObj(i -> note(ALICE, 1000 + i, "p" + i)).toList();
        given(events.toArray(Event[]::new));
        StepVerifier.create(store.queryPages(List.of(Filter.ALL), 4), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(1)
                .expectNext(List.of(events.get(9), events.get(8), events.get(7), events.get(6)))
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(2)
                .expectNext(List.of(events.get(5), events.get(4), events.get(3), events.get(2)))
                .expectNext(List.of(events.get(1), events.get(0)))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void pagesOfALimitedQueryStopAtTheLimit() {
        List<Event> events = IntStream.range(0, 10).mapToObj(i -> note(ALICE, 1000 + i, "l" + i)).toList();
        given(events.toArray(Event[]::new));
        StepVerifier.create(store.queryPages(List.of(Filter.builder().authors(ALICE.publicKey()).limit(5).build()), 3))
                .expectNext(List.of(events.get(9), events.get(8), events.get(7)))
                .expectNext(List.of(events.get(6), events.get(5)))
                .expectComplete()
                .verify(TIMEOUT);
    }

    // ------------------------------------------------------------------ replaceable and addressable

    @Test
    void newerReplaceableEventReplacesTheOlder() {
        Event v1 = event(ALICE, 0, 100, "{\"name\":\"v1\"}");
        Event v2 = event(ALICE, 0, 200, "{\"name\":\"v2\"}");
        given(v1);
        StepVerifier.create(store.save(v2)).expectNext(SaveResult.REPLACED).expectComplete().verify(TIMEOUT);
        expectQuery(filter().authors(ALICE.publicKey()).kinds(0).build(), v2);
        expectQuery(filter().ids(v1.id()).build());
    }

    @Test
    void olderReplaceableEventIsOutdated() {
        Event v1 = event(ALICE, 10002, 100, "old relays");
        Event v2 = event(ALICE, 10002, 200, "new relays");
        given(v2);
        StepVerifier.create(store.save(v1)).expectNext(SaveResult.OUTDATED).expectComplete().verify(TIMEOUT);
        expectQuery(filter().kinds(10002).build(), v2);
    }

    @Test
    void replaceableTieOnCreatedAtKeepsTheLowestIdWhateverTheOrder() {
        Event x = event(ALICE, 3, 100, "contacts x");
        Event y = event(ALICE, 3, 100, "contacts y");
        Event lower = x.id().compareTo(y.id()) < 0 ? x : y;
        Event higher = lower == x ? y : x;

        given(higher);
        StepVerifier.create(store.save(lower)).expectNext(SaveResult.REPLACED).expectComplete().verify(TIMEOUT);
        expectQuery(filter().kinds(3).build(), lower);

        EventStore other = newStore();
        givenIn(other, lower);
        StepVerifier.create(other.save(higher)).expectNext(SaveResult.OUTDATED).expectComplete().verify(TIMEOUT);
        StepVerifier.create(other.query(filter().kinds(3).build())).expectNext(lower).expectComplete().verify(TIMEOUT);
    }

    @Test
    void replaceableVersionsOfDifferentAuthorsOrKindsAreIndependent() {
        Event aliceMeta = event(ALICE, 0, 100, "alice");
        Event bobMeta = event(BOB, 0, 100, "bob");
        Event aliceContacts = event(ALICE, 3, 100, "alice contacts");
        given(aliceMeta, bobMeta, aliceContacts);
        StepVerifier.create(store.count(List.of(Filter.ALL))).expectNext(3L).expectComplete().verify(TIMEOUT);
    }

    @Test
    void addressableEventsAreKeyedByTheirDTag() {
        Event first = addressable(ALICE, 30023, 100, "first-post", "1");
        Event second = addressable(ALICE, 30023, 100, "second-post", "2");
        Event firstEdited = addressable(ALICE, 30023, 200, "first-post", "1 edited");
        given(first, second);
        StepVerifier.create(store.save(firstEdited)).expectNext(SaveResult.REPLACED).expectComplete().verify(TIMEOUT);
        expectQuery(filter().kinds(30023).build(), firstEdited, second);
        expectQuery(filter().kinds(30023).tag("d", "first-post").build(), firstEdited);
    }

    @Test
    void addressableEventWithoutDTagSharesTheAddressOfAnEmptyDTag() {
        Event noD = addressable(ALICE, 30000, 100, null, "no d");
        Event emptyD = addressable(ALICE, 30000, 200, "", "empty d");
        given(noD);
        StepVerifier.create(store.save(emptyD)).expectNext(SaveResult.REPLACED).expectComplete().verify(TIMEOUT);
        expectQuery(filter().kinds(30000).build(), emptyD);
    }

    @Test
    void olderAddressableVersionIsOutdated() {
        Event newer = addressable(ALICE, 30023, 200, "post", "newer");
        Event older = addressable(ALICE, 30023, 100, "post", "older");
        given(newer);
        StepVerifier.create(store.save(older)).expectNext(SaveResult.OUTDATED).expectComplete().verify(TIMEOUT);
        expectQuery(filter().kinds(30023).build(), newer);
    }

    @Test
    void regularKindsAreNeverReplaced() {
        Event a = event(ALICE, 1, 100, "a");
        Event b = event(ALICE, 1, 200, "b");
        given(a, b);
        expectQuery(filter().kinds(1).build(), b, a);
    }

    @Test
    void concurrentSavesOfOneAddressLeaveExactlyTheWinner() {
        List<Event> versions = IntStream.range(0, 24)
                .mapToObj(i -> addressable(ALICE, 30078, 1000 + (i % 6), "settings", "v" + i)).toList();
        Event winner = versions.stream().sorted(EventOrder.NEWEST_FIRST).findFirst().orElseThrow();
        Flux.fromIterable(versions)
                .flatMap(v -> store.save(v).subscribeOn(Schedulers.parallel()), versions.size())
                .then().block(TIMEOUT);
        expectQuery(filter().kinds(30078).build(), winner);
        StepVerifier.create(store.count(List.of(filter().authors(ALICE.publicKey()).build())))
                .expectNext(1L).expectComplete().verify(TIMEOUT);
    }

    @Test
    void queriesDuringConcurrentReplacementsNeverSeeTwoVersions() {
        List<Event> versions = IntStream.range(0, 30)
                .mapToObj(i -> event(ALICE, 10000, 1000 + i, "v" + i)).toList();
        Mono<Void> writes = Flux.fromIterable(versions).concatMap(store::save).then();
        Flux<Integer> reads = Flux.range(0, 30)
                .concatMap(i -> store.query(filter().authors(ALICE.publicKey()).build()).count())
                .map(Long::intValue);
        List<Integer> sizes = Flux.merge(writes.subscribeOn(Schedulers.parallel()).then(Mono.<Integer>empty()),
                reads.subscribeOn(Schedulers.parallel())).collectList().block(TIMEOUT);
        assertThat(sizes).hasSize(30).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(1));
        expectQuery(filter().authors(ALICE.publicKey()).build(), versions.get(29));
    }

    // ------------------------------------------------------------------ delete and tombstones

    @Test
    void deleteRemovesTheEventAndReportsIt() {
        Event a = note(ALICE, 100, "a");
        Event b = note(ALICE, 200, "b");
        given(a, b);
        StepVerifier.create(store.delete(a.id())).expectNext(true).expectComplete().verify(TIMEOUT);
        expectQuery(Filter.ALL, b);
    }

    @Test
    void deleteOfAMissingEventReportsFalse() {
        StepVerifier.create(store.delete("cd".repeat(32))).expectNext(false).expectComplete().verify(TIMEOUT);
    }

    @Test
    void tombstoneRefusesTheSameEventLater() {
        Event a = note(ALICE, 100, "a");
        given(a);
        store.delete(a.id()).block(TIMEOUT);
        StepVerifier.create(store.save(a)).expectNext(SaveResult.DELETED).expectComplete().verify(TIMEOUT);
        expectQuery(Filter.ALL);
    }

    @Test
    void tombstoneForAnUnseenIdRefusesItWhenItArrives() {
        Event a = note(ALICE, 100, "a");
        StepVerifier.create(store.delete(a.id())).expectNext(false).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.save(a)).expectNext(SaveResult.DELETED).expectComplete().verify(TIMEOUT);
    }

    @Test
    void deleteWithoutTombstoneAllowsSavingAgain() {
        Event a = note(ALICE, 100, "a");
        given(a);
        StepVerifier.create(store.delete(Deletion.of(a.id()).withoutTombstone())).expectNext(true).expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(store.save(a)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
    }

    @Test
    void deletionByAnotherAuthorRemovesNothing() {
        Event a = note(ALICE, 100, "a");
        given(a);
        StepVerifier.create(store.delete(Deletion.byAuthor(a.id(), BOB.publicKey()))).expectNext(false)
                .expectComplete().verify(TIMEOUT);
        expectQuery(Filter.ALL, a);
    }

    @Test
    void strangersTombstoneNeverBlocksTheRealAuthor() {
        Event a = note(ALICE, 100, "a");
        store.delete(Deletion.byAuthor(a.id(), BOB.publicKey())).block(TIMEOUT);
        StepVerifier.create(store.save(a)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
        expectQuery(Filter.ALL, a);
    }

    @Test
    void authorsOwnTombstoneBlocksTheirEvent() {
        Event a = note(ALICE, 100, "a");
        given(a);
        StepVerifier.create(store.delete(Deletion.byAuthor(a.id(), ALICE.publicKey()))).expectNext(true)
                .expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.save(a)).expectNext(SaveResult.DELETED).expectComplete().verify(TIMEOUT);
    }

    @Test
    void deletingTheCurrentReplaceableVersionLetsAnOlderOneBeSaved() {
        Event older = event(ALICE, 0, 100, "older");
        Event newer = event(ALICE, 0, 200, "newer");
        given(newer);
        store.delete(newer.id()).block(TIMEOUT);
        StepVerifier.create(store.save(older)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
        expectQuery(filter().kinds(0).build(), older);
    }

    // ------------------------------------------------------------------ count

    @Test
    void countEqualsTheSizeOfTheQuery() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            KeyPair author = i % 3 == 0 ? ALICE : i % 3 == 1 ? BOB : CAROL;
            events.add(event(author, i % 2 == 0 ? 1 : 7, 100 + i, "e" + i, "t", i % 4 == 0 ? "a" : "b"));
        }
        given(events.toArray(Event[]::new));
        List<List<Filter>> cases = List.of(
                List.of(Filter.ALL),
                List.of(filter().authors(ALICE.publicKey()).build()),
                List.of(filter().kinds(7).tag("t", "b").build()),
                List.of(filter().since(105).until(109).build()),
                List.of(filter().limit(4).build()),
                List.of(filter().authors(BOB.publicKey()).build(), filter().tag("t", "a").build()),
                List.of(filter().authors(ALICE.publicKey()).limit(2).build(), filter().kinds(1).limit(3).build()),
                List.of(filter().limit(0).build()));
        for (List<Filter> filters : cases) {
            long expected = store.query(filters).count().block(TIMEOUT);
            StepVerifier.create(store.count(filters)).as(filters.toString()).expectNext(expected).expectComplete()
                    .verify(TIMEOUT);
        }
    }

    @Test
    void countDoesNotCountAnEventTwiceAcrossFilters() {
        Event a = note(ALICE, 100, "a", "t", "x");
        Event b = note(BOB, 200, "b", "t", "x");
        given(a, b);
        StepVerifier.create(store.count(List.of(filter().tag("t", "x").build(), filter().authors(ALICE.publicKey()).build(),
                Filter.ALL))).expectNext(2L).expectComplete().verify(TIMEOUT);
    }

    // ------------------------------------------------------------------ export, import, nuke, close

    @Test
    void exportStreamsEveryEvent() {
        Event a = note(ALICE, 100, "a");
        Event b = note(BOB, 200, "b");
        Event c = event(CAROL, 0, 300, "meta");
        given(a, b, c);
        StepVerifier.create(store.export().collect(Collectors.toSet())).expectNext(Set.of(a, b, c)).expectComplete()
                .verify(TIMEOUT);
    }

    /**
     * {@code export(pubkeys)} is the data "by or about" those keys: every stored event whose author is one
     * of them, or that has a {@code p} tag whose value (the tag's second element) is one of them; each
     * event once, newest first ({@code created_at} descending, id ascending on ties). That is exactly
     * {@code query([{"authors": pubkeys}, {"#p": pubkeys}])}. Other tags naming a key ({@code e}, a
     * {@code p} tag's later elements) do not count.
     */
    @Test
    void exportOfPubkeysStreamsTheEventsByOrAboutThemNewestFirst() {
        Event byAlice = note(ALICE, 100, "by alice");
        Event aliceMetadata = event(ALICE, 0, 200, "{\"name\":\"alice\"}");
        Event aliceToHerself = note(ALICE, 300, "self mention: once", "p", ALICE.publicKey());
        Event aliceInASecondPTag = note(BOB, 300, "to bob and alice", "p", BOB.publicKey(), "p", ALICE.publicKey());
        Event aboutAlice = note(BOB, 400, "about alice", "p", ALICE.publicKey());
        Event aboutCarol = note(BOB, 500, "about carol", "p", CAROL.publicKey());
        Event unrelated = note(BOB, 600, "unrelated");
        Event aliceInAnETag = note(BOB, 700, "not a p tag", "e", ALICE.publicKey());
        Event aliceAsALaterElement = BOB.sign(new UnsignedEvent(800, 1,
                List.of(List.of("p", BOB.publicKey(), ALICE.publicKey())), "alice after the value"));
        given(byAlice, aliceMetadata, aliceToHerself, aliceInASecondPTag, aboutAlice, aboutCarol, unrelated,
                aliceInAnETag, aliceAsALaterElement);
        Event[] tiedAt300 = aliceToHerself.id().compareTo(aliceInASecondPTag.id()) < 0
                ? new Event[] {aliceToHerself, aliceInASecondPTag} : new Event[] {aliceInASecondPTag, aliceToHerself};
        Set<String> keys = Set.of(ALICE.publicKey(), CAROL.publicKey());

        StepVerifier.create(store.export(keys))
                .expectNext(aboutCarol, aboutAlice, tiedAt300[0], tiedAt300[1], aliceMetadata, byAlice)
                .expectComplete().verify(TIMEOUT);
        List<Filter> byOrAbout = List.of(filter().authors(keys).build(), filter().tag("p", keys).build());
        assertThat(store.export(keys).collectList().block(TIMEOUT))
                .isEqualTo(store.query(byOrAbout).collectList().block(TIMEOUT));
        StepVerifier.create(store.export(Set.of())).expectComplete().verify(TIMEOUT);
    }

    @Test
    void exportThenImportRoundTripsEveryEventByteExact() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(event(i % 2 == 0 ? ALICE : BOB, i % 5 == 0 ? 30023 : 1, 1000 + i, "e\u00e9" + i, "d", "d" + i));
        }
        given(events.toArray(Event[]::new));
        EventStore target = newStore();
        StepVerifier.create(target.importEvents(store.export())).expectNext(25L).expectComplete().verify(TIMEOUT);
        Map<String, String> jsonById = new HashMap<>();
        target.query(Filter.ALL).doOnNext(e -> jsonById.put(e.id(), e.toJson())).blockLast(TIMEOUT);
        assertThat(jsonById).hasSize(25);
        for (Event e : events) {
            assertThat(jsonById.get(e.id())).isEqualTo(e.toJson());
        }
    }

    @Test
    void importCountsOnlyEventsItStored() {
        Event a = note(ALICE, 100, "a");
        Event b = note(BOB, 200, "b");
        Event newMeta = event(ALICE, 0, 300, "new");
        Event oldMeta = event(ALICE, 0, 100, "old");
        given(a);
        StepVerifier.create(store.importEvents(Flux.just(a, b, newMeta, oldMeta))).expectNext(2L).expectComplete()
                .verify(TIMEOUT);
        expectQuery(Filter.ALL, newMeta, b, a);
    }

    @Test
    void nukeRemovesEveryEventAndTombstone() {
        Event a = note(ALICE, 100, "a");
        Event b = note(BOB, 200, "b");
        given(a, b);
        store.delete(a.id()).block(TIMEOUT);
        StepVerifier.create(store.nuke()).expectComplete().verify(TIMEOUT);
        expectQuery(Filter.ALL);
        StepVerifier.create(store.save(a)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
    }

    @Test
    void syncCompletes() {
        given(note(ALICE, 100, "a"));
        StepVerifier.create(store.sync()).expectComplete().verify(TIMEOUT);
    }

    @Test
    void aClosedStoreRefusesWorkWithStoreClosed() {
        EventStore s = newStore();
        StepVerifier.create(s.close()).expectComplete().verify(TIMEOUT);
        StepVerifier.create(s.save(note(ALICE, 100, "late"))).expectError(StoreClosedException.class).verify(TIMEOUT);
        StepVerifier.create(s.query(Filter.ALL)).expectError(StoreClosedException.class).verify(TIMEOUT);
        StepVerifier.create(s.close()).expectComplete().verify(TIMEOUT);
    }

    @Test
    void manyConcurrentSavesAreAllStored() {
        List<Event> events = IntStream.range(0, 200).mapToObj(i -> note(i % 2 == 0 ? ALICE : BOB, 5000 + i, "c" + i))
                .toList();
        List<SaveResult> results = Flux.fromIterable(events)
                .flatMap(e -> store.save(e).subscribeOn(Schedulers.parallel()), 64)
                .collectList().block(TIMEOUT);
        assertThat(results).hasSize(200).containsOnly(SaveResult.SAVED);
        StepVerifier.create(store.count(List.of(Filter.ALL))).expectNext(200L).expectComplete().verify(TIMEOUT);
    }
}
