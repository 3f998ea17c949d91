package io.reactivestore.store;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.BOB;
import static io.reactivestore.testing.TestEvents.event;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactivestore.event.Event;
import io.reactivestore.event.EventOrder;
import io.reactivestore.event.Filter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The NIP-50 search part of the {@link EventStore} contract. {@link EventStoreContract} implements it, so
 * every backend and decorator runs it: a store that {@linkplain EventStore#supportsSearch() supports search}
 * passes every case, one that does not passes only the refusal case (the others are skipped for it).
 */
public interface SearchContract {

    /** Bound of every wait. */
    Duration WAIT = Duration.ofSeconds(30);

    /**
     * The store under test, empty at the start of each case.
     *
     * @return the store
     */
    EventStore searchStore();

    private EventStore searching() {
        EventStore s = searchStore();
        assumeTrue(s.supportsSearch(), "the store does not support search");
        return s;
    }

    private static void save(EventStore s, Event... events) {
        Flux.fromArray(events).concatMap(s::save).then().block(WAIT);
    }

    private static List<Event> query(EventStore s, Filter... filters) {
        return s.query(List.of(filters)).collectList().block(WAIT);
    }

    /** What {@link Filter#matches} (live matching) says {@code filter} matches among {@code stored}, newest first. */
    private static List<Event> live(Filter filter, Event... stored) {
        return Flux.fromArray(stored).filter(filter::matches).sort(EventOrder.NEWEST_FIRST).collectList().block(WAIT);
    }

    @Test
    default void searchMatchesEveryTermAsAWordCaseInsensitivelyAsLiveMatchingDoes() {
        EventStore s = searching();
        Event both = note(ALICE, 100, "Orange and PURPLE");
        Event orangeOnly = note(ALICE, 200, "orange only");
        Event plural = note(ALICE, 300, "oranges, purple");
        Event reversed = note(BOB, 400, "purple... ORANGE!");
        Event[] all = {both, orangeOnly, plural, reversed};
        save(s, all);
        Filter f = Filter.builder().search("orange purple").build();
        assertThat(query(s, f)).containsExactly(reversed, both).isEqualTo(live(f, all));
        Filter one = Filter.builder().search("ORANGE").build();
        assertThat(query(s, one)).containsExactly(reversed, orangeOnly, both).isEqualTo(live(one, all));
    }

    @Test
    default void searchIsUnicodeAwareAndLanguageAgnostic() {
        EventStore s = searching();
        Event german = note(ALICE, 100, "Größe ÜBER alles");
        Event japanese = note(ALICE, 200, "日本語 テキスト");
        Event greek = note(ALICE, 300, "ΩMEGA point, naïve café");
        save(s, german, japanese, greek);
        assertThat(query(s, Filter.builder().search("über").build())).containsExactly(german);
        assertThat(query(s, Filter.builder().search("GRÖßE größe").build())).containsExactly(german);
        assertThat(query(s, Filter.builder().search("日本語").build())).containsExactly(japanese);
        assertThat(query(s, Filter.builder().search("ωmega CAFÉ").build())).containsExactly(greek);
        assertThat(query(s, Filter.builder().search("cafe").build())).isEmpty();
    }

    @Test
    default void searchOfSqlMetacharactersIsLiteral() {
        EventStore s = searching();
        Event percent = note(ALICE, 100, "100% sure");
        Event thousand = note(ALICE, 200, "1000 sure");
        Event underscore = note(ALICE, 300, "a_b");
        Event ab = note(ALICE, 400, "ab");
        Event quote = note(ALICE, 500, "it's; -- \\ done");
        save(s, percent, thousand, underscore, ab, quote);
        assertThat(query(s, Filter.builder().search("100%").build())).containsExactly(percent);
        assertThat(query(s, Filter.builder().search("a_b").build())).containsExactly(underscore);
        assertThat(query(s, Filter.builder().search("'; DROP TABLE events; --").build())).isEmpty();
        assertThat(query(s, Filter.builder().search("it's\\ --done%").build())).containsExactly(quote);
        assertThat(query(s, Filter.ALL)).hasSize(5);
    }

    @Test
    default void searchRespectsEveryOtherFilterField() {
        EventStore s = searching();
        Event a1 = event(ALICE, 1, 100, "nostr relay", "t", "x");
        Event a7 = event(ALICE, 7, 200, "nostr relay");
        Event b1 = event(BOB, 1, 300, "nostr relay", "t", "y");
        Event b1old = event(BOB, 1, 50, "nostr relay");
        Event other = event(ALICE, 1, 400, "something else", "t", "x");
        save(s, a1, a7, b1, b1old, other);
        Filter.Builder base = Filter.builder().search("relay NOSTR");
        assertThat(query(s, base.kinds(1).build())).containsExactly(b1, a1, b1old);
        assertThat(query(s, Filter.builder().search("nostr").authors(ALICE.publicKey()).build()))
                .containsExactly(a7, a1);
        assertThat(query(s, Filter.builder().search("nostr").since(100).until(250).build())).containsExactly(a7, a1);
        assertThat(query(s, Filter.builder().search("nostr").tag("t", "x").build())).containsExactly(a1);
        assertThat(query(s, Filter.builder().search("nostr").ids(b1.id(), other.id()).build())).containsExactly(b1);
        assertThat(query(s, Filter.builder().search("nostr").limit(0).build())).isEmpty();
    }

    /** The first of two events in newest-first order (here: equal created_at, so the lower id). */
    private static Event firstOf(Event a, Event b) {
        return EventOrder.NEWEST_FIRST.compare(a, b) <= 0 ? a : b;
    }

    private static Event secondOf(Event a, Event b) {
        return firstOf(a, b) == a ? b : a;
    }

    @Test
    default void aSearchIsAnsweredBestFirstAndItsLimitKeepsTheBestScored() {
        EventStore s = searching();
        Event once = note(ALICE, 100, "nostr is here");
        Event thrice = note(ALICE, 50, "Nostr NOSTR, nostr!");
        Event twice = note(ALICE, 300, "nostr and nostr");
        Event onceNewest = note(ALICE, 400, "hello nostr");
        Event onceTie = note(BOB, 400, "nostr, bye");
        Event none = note(ALICE, 500, "nothing but nostrich");
        save(s, once, thrice, twice, onceNewest, onceTie, none);
        // score = occurrences of the terms; ties newest first, then lowest id
        Filter nostr = Filter.builder().search("nostr").build();
        assertThat(query(s, nostr.withLimit(2))).containsExactly(thrice, twice);
        assertThat(query(s, nostr.withLimit(3))).containsExactly(thrice, twice, firstOf(onceNewest, onceTie));
        assertThat(query(s, nostr))
                .containsExactly(thrice, twice, firstOf(onceNewest, onceTie), secondOf(onceNewest, onceTie), once);
        assertThat(s.queryPages(List.of(nostr), 2).flatMapIterable(page -> page).collectList().block(WAIT))
                .containsExactly(thrice, twice, firstOf(onceNewest, onceTie), secondOf(onceNewest, onceTie), once);
        StepVerifier.create(s.count(nostr.withLimit(3))).expectNext(3L).expectComplete().verify(WAIT);
        StepVerifier.create(s.count(nostr)).expectNext(5L).expectComplete().verify(WAIT);
    }

    @Test
    default void everyTermsOccurrencesCountAndAnOlderStrongerMatchComesFirst() {
        EventStore s = searching();
        Event strong = note(ALICE, 10, "relay, nostr: the nostr relay");
        Event weak = note(BOB, 20, "a nostr relay");
        Event oneTermOnly = note(ALICE, 30, "nostr nostr nostr nostr nostr");
        Event newest = event(BOB, 7, 40, "Relay NOSTR relay");
        save(s, strong, weak, oneTermOnly, newest);
        Filter f = Filter.builder().search("nostr relay").build();
        assertThat(query(s, f)).containsExactly(strong, newest, weak);
        assertThat(query(s, f.withLimit(1))).containsExactly(strong);
        assertThat(query(s, Filter.builder().search("relay nostr").kinds(1).limit(2).build()))
                .containsExactly(strong, weak);
    }

    @Test
    default void filtersSharingOneSearchAreMergedBestFirstEachKeepingItsBest() {
        EventStore s = searching();
        Event k1Three = event(ALICE, 1, 100, "nostr nostr nostr");
        Event k1One = event(ALICE, 1, 300, "nostr");
        Event k7Two = event(BOB, 7, 50, "nostr nostr");
        Event k7One = event(BOB, 7, 400, "nostr");
        Event k7Four = event(BOB, 7, 200, "nostr nostr nostr nostr");
        save(s, k1Three, k1One, k7Two, k7One, k7Four);
        Filter.Builder nostr = Filter.builder().search("NOSTR");
        Filter kind1 = nostr.kinds(1).build();
        Filter kind7 = Filter.builder().search("nostr").kinds(7).build();
        assertThat(query(s, kind1.withLimit(1), kind7.withLimit(2))).containsExactly(k7Four, k1Three, k7Two);
        Filter bob = Filter.builder().search("nostr").authors(BOB.publicKey()).limit(1).build();
        assertThat(query(s, kind1, bob)).containsExactly(k7Four, k1Three, k1One);
        Filter alice = Filter.builder().search("nostr").authors(ALICE.publicKey()).build();
        assertThat(query(s, kind1, alice)).containsExactly(k1Three, k1One);
        StepVerifier.create(s.count(List.of(kind1.withLimit(1), kind7.withLimit(2)))).expectNext(3L)
                .expectComplete().verify(WAIT);
    }

    @Test
    default void searchFiltersMixWithOtherFiltersNewestFirstEachEventOnce() {
        EventStore s = searching();
        Event orange = note(ALICE, 100, "orange orange");
        Event purple = event(ALICE, 7, 200, "purple");
        Event orangeReaction = event(BOB, 7, 300, "orange");
        save(s, orange, purple, orangeReaction);
        assertThat(query(s, Filter.builder().search("orange").build(), Filter.builder().kinds(7).build()))
                .containsExactly(orangeReaction, purple, orange);
        assertThat(query(s, Filter.builder().search("orange").limit(1).build(),
                Filter.builder().search("purple").kinds(7).build()))
                .containsExactly(purple, orange);
        assertThat(query(s, Filter.builder().search("orange").limit(2).build(), Filter.builder().kinds(1).build()))
                .containsExactly(orangeReaction, orange);
        assertThat(query(s, Filter.builder().search("orange").build(), Filter.builder().search("purple").build()))
                .containsExactly(orangeReaction, purple, orange);
        StepVerifier.create(s.count(List.of(Filter.builder().search("orange").build(), Filter.builder().kinds(7).build())))
                .expectNext(3L).expectComplete().verify(WAIT);
    }

    @Test
    default void searchExtensionsAreIgnored() {
        EventStore s = searching();
        Event orange = note(ALICE, 100, "orange");
        save(s, orange, note(ALICE, 200, "purple"));
        assertThat(query(s, Filter.builder().search("orange include:spam language:en").build()))
                .containsExactly(orange);
    }

    @Test
    default void aStoreWithoutSearchRefusesASearchFilterAndKeepsWorking() {
        EventStore s = searchStore();
        assumeTrue(!s.supportsSearch(), "the store supports search");
        Event e = note(ALICE, 100, "orange");
        save(s, e);
        Filter f = Filter.builder().search("orange").build();
        StepVerifier.create(s.query(List.of(Filter.ALL, f))).expectError(SearchNotSupportedException.class)
                .verify(WAIT);
        StepVerifier.create(s.count(f)).expectError(SearchNotSupportedException.class).verify(WAIT);
        StepVerifier.create(s.queryPages(List.of(f), 10)).expectError(SearchNotSupportedException.class).verify(WAIT);
        assertThat(query(s, Filter.ALL)).containsExactly(e);
    }
}
