package io.reactivestore.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * General rules of the event model checked over random inputs: codec round trips keep every field and
 * the id for any text (unicode, control characters, JSON metacharacters), {@link Filter#matches} agrees
 * with a naive re-implementation, {@link EventOrder#NEWEST_FIRST} is a total order consistent with
 * equality by id.
 */
public class EventModelPropertiesTest {

    private static final String HEX = "0123456789abcdef";
    private static final String SIG = "c".repeat(128);

    // ---------------------------------------------------------------- generators

    /** Any text without unpaired surrogates: heavy on ASCII controls, JSON metacharacters, separators. */
    @Provide
    public Arbitrary<String> text() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.integers().between(0, 0x7f)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0xd7ff)),
                Tuple.of(2, Arbitraries.integers().between(0xe000, 0x10ffff)),
                Tuple.of(2, Arbitraries.of(0, 0x22, 0x5c, 0x2f, 0x7f, 0x2028, 0x2029, 0xfeff, 0xfffd, 0x1f600)));
        return codePoint.list().ofMaxSize(40).map(points -> {
            StringBuilder s = new StringBuilder();
            points.forEach(s::appendCodePoint);
            return s.toString();
        });
    }

    private Arbitrary<String> hex(int length) {
        return Arbitraries.strings().withChars(HEX).ofLength(length);
    }

    private Arbitrary<List<List<String>>> tags(Arbitrary<String> values) {
        return values.list().ofMinSize(1).ofMaxSize(4).list().ofMaxSize(5);
    }

    /** Events with random fields and their true id; the signature is well-formed but not checked here. */
    @Provide
    public Arbitrary<Event> events() {
        return Combinators.combine(hex(64), Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.integers().between(0, 65535), tags(text()), text())
                .as((pubkey, createdAt, kind, tags, content) -> Event.of(
                        Event.computeId(pubkey, createdAt, kind, tags, content), pubkey, createdAt, kind, tags,
                        content, SIG));
    }

    // ---------------------------------------------------------------- codec

    @Property(tries = 300)
    void parsingTheJsonOfAnEventKeepsEveryFieldAndTheId(@ForAll("events") Event event) {
        Event parsed = NostrJson.parseEvent(event.jsonBytes());

        assertThat(parsed.id()).isEqualTo(event.id());
        assertThat(parsed.pubkey()).isEqualTo(event.pubkey());
        assertThat(parsed.createdAt()).isEqualTo(event.createdAt());
        assertThat(parsed.kind()).isEqualTo(event.kind());
        assertThat(parsed.tags()).isEqualTo(event.tags());
        assertThat(parsed.content()).isEqualTo(event.content());
        assertThat(parsed.sig()).isEqualTo(event.sig());
        assertThat(parsed.hasValidId()).isTrue();
        assertThat(parsed.jsonBytes()).isEqualTo(event.jsonBytes());
    }

    @Property(tries = 300)
    void aStoredEventDecodesExactlyAsWhenItWasAccepted(@ForAll("events") Event event) {
        Event accepted = NostrJson.parseEvent(event.jsonBytes());
        Event stored = NostrJson.parseStoredEvent(event.jsonBytes());

        assertThat(List.of(stored.id(), stored.pubkey(), stored.sig(), stored.content()))
                .isEqualTo(List.of(accepted.id(), accepted.pubkey(), accepted.sig(), accepted.content()));
        assertThat(stored.createdAt()).isEqualTo(accepted.createdAt());
        assertThat(stored.kind()).isEqualTo(accepted.kind());
        assertThat(stored.tags()).isEqualTo(accepted.tags());
        assertThat(stored.jsonBytes()).isEqualTo(accepted.jsonBytes());
    }

    @Property(tries = 200)
    void aTextWithAnUnpairedSurrogateIsRejectedAsInvalidContent(@ForAll("text") String before,
                                                               @ForAll("text") String after,
                                                               @ForAll @IntRange(min = 0xd800, max = 0xdfff) int unit) {
        String content = before + (char) unit + after;
        assertThatThrownBy(() -> Event.computeId("a".repeat(64), 0, 1, List.of(), content))
                .isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).field()).isEqualTo("content");
    }

    @Property(tries = 300)
    void filtersSurviveARoundTripThroughTheirJson(@ForAll("filters") Filter filter) {
        assertThat(NostrJson.parseFilter(NostrJson.toJson(filter))).isEqualTo(filter);
    }

    @Property(tries = 300)
    void copiesOfAnyFilterReplaceExactlyOneComponent(@ForAll("filters") Filter filter) {
        Filter limited = filter.withLimit(7);
        assertThat(limited).isEqualTo(new Filter(filter.ids(), filter.authors(), filter.kinds(), filter.tags(),
                filter.since(), filter.until(), 7));
        assertThat(limited.withLimit(filter.limit())).isEqualTo(filter);
        assertThat(filter.withUntil(3L).until()).isEqualTo(3L);
        assertThat(filter.withKinds(Set.of(1)).withKinds(filter.kinds())).isEqualTo(filter);
    }

    // ---------------------------------------------------------------- filter semantics

    private static final List<String> PUBKEYS = List.of("1".repeat(64), "2".repeat(64), "3".repeat(64));
    private static final List<String> IDS = List.of("a".repeat(64), "b".repeat(64), "c".repeat(64));
    private static final List<Integer> KINDS = List.of(0, 1, 7, 30000);
    private static final List<String> TAG_NAMES = List.of("t", "p", "T", "tt");
    private static final List<String> TAG_VALUES = List.of("x", "y", "", "X");

    /** Events over a small domain, so that random filters match some of them. */
    @Provide
    Arbitrary<Event> smallEvents() {
        Arbitrary<List<String>> tag = Combinators.combine(Arbitraries.of(TAG_NAMES),
                Arbitraries.of(TAG_VALUES).list().ofMaxSize(2)).as((name, values) -> {
                    List<String> t = new ArrayList<>();
                    t.add(name);
                    t.addAll(values);
                    return t;
                });
        return Combinators.combine(Arbitraries.of(IDS), Arbitraries.of(PUBKEYS), Arbitraries.longs().between(0, 5),
                Arbitraries.of(KINDS), tag.list().ofMaxSize(3))
                .as((id, pubkey, createdAt, kind, tags) -> Event.of(id, pubkey, createdAt, kind, tags, "", SIG));
    }

    @Provide
    Arbitrary<Filter> filters() {
        Arbitrary<Set<String>> values = Arbitraries.of(TAG_VALUES).set().ofMaxSize(2);
        Arbitrary<Map<String, Set<String>>> tagConditions = Arbitraries.maps(Arbitraries.of("t", "p", "T"), values)
                .ofMaxSize(2);
        Arbitrary<Long> bound = Arbitraries.longs().between(0, 6).injectNull(0.5);
        return Combinators.combine(
                Arbitraries.of(IDS).set().ofMaxSize(2).injectNull(0.7),
                Arbitraries.of(PUBKEYS).set().ofMaxSize(2).injectNull(0.5),
                Arbitraries.of(KINDS).set().ofMaxSize(2).injectNull(0.5),
                tagConditions, bound, bound,
                Arbitraries.integers().between(0, 3).injectNull(0.7))
                .as(Filter::new);
    }

    /** NIP-01 filter semantics written out independently of {@link Filter#matches}. */
    private static boolean naiveMatches(Filter f, Event e) {
        boolean idOk = f.ids() == null || f.ids().stream().anyMatch(id -> id.equals(e.id()));
        boolean authorOk = f.authors() == null || f.authors().stream().anyMatch(a -> a.equals(e.pubkey()));
        boolean kindOk = f.kinds() == null || f.kinds().stream().anyMatch(k -> k == e.kind());
        boolean sinceOk = f.since() == null || f.since() <= e.createdAt();
        boolean untilOk = f.until() == null || e.createdAt() <= f.until();
        boolean tagsOk = f.tags().entrySet().stream().allMatch(condition -> e.tags().stream()
                .filter(tag -> tag.size() >= 2 && tag.get(0).equals(condition.getKey()))
                .map(tag -> tag.get(1))
                .anyMatch(value -> condition.getValue().contains(value)));
        return idOk && authorOk && kindOk && sinceOk && untilOk && tagsOk;
    }

    @Property(tries = 2000)
    void matchesAgreesWithANaiveImplementation(@ForAll("filters") Filter filter, @ForAll("smallEvents") Event event) {
        assertThat(filter.matches(event)).isEqualTo(naiveMatches(filter, event));
    }

    @Property(tries = 1000)
    void aFilterThatCannotMatchMatchesNothing(@ForAll("filters") Filter filter, @ForAll("smallEvents") Event event) {
        if (!filter.canMatch() && (filter.limit() == null || filter.limit() > 0)) {
            assertThat(filter.matches(event)).isFalse();
        }
    }

    @Property(tries = 500)
    void aListOfFiltersMatchesWhenAnyOfThemDoes(@ForAll("filters") Filter a, @ForAll("filters") Filter b,
                                                @ForAll("smallEvents") Event event) {
        assertThat(Filter.anyMatches(List.of(a, b), event)).isEqualTo(naiveMatches(a, event) || naiveMatches(b, event));
    }

    // ---------------------------------------------------------------- ordering

    /** Events with real ids over a tiny domain: many equal timestamps, and equal ids exactly for equal events. */
    @Provide
    Arbitrary<Event> tiedEvents() {
        return Combinators.combine(Arbitraries.longs().between(0, 2), Arbitraries.of("a", "b", "c"))
                .as((createdAt, content) -> Event.of(Event.computeId(PUBKEYS.get(0), createdAt, 1, List.of(), content),
                        PUBKEYS.get(0), createdAt, 1, List.of(), content, SIG));
    }

    @Provide
    Arbitrary<List<Event>> tiedEventLists() {
        return tiedEvents().list().ofMaxSize(20);
    }

    @Property(tries = 1000)
    void newestFirstIsATotalOrderConsistentWithEquals(@ForAll("tiedEvents") Event a, @ForAll("tiedEvents") Event b,
                                                      @ForAll("tiedEvents") Event c) {
        int ab = EventOrder.NEWEST_FIRST.compare(a, b);
        assertThat(ab == 0).isEqualTo(a.equals(b));
        assertThat(Integer.signum(ab)).isEqualTo(-Integer.signum(EventOrder.NEWEST_FIRST.compare(b, a)));
        if (ab <= 0 && EventOrder.NEWEST_FIRST.compare(b, c) <= 0) {
            assertThat(EventOrder.NEWEST_FIRST.compare(a, c)).isLessThanOrEqualTo(0);
        }
        if (a.createdAt() != b.createdAt()) {
            assertThat(ab < 0).isEqualTo(a.createdAt() > b.createdAt());
        } else {
            assertThat(Integer.signum(ab)).isEqualTo(Integer.signum(a.id().compareTo(b.id())));
        }
    }

    @Property(tries = 200)
    void sortingNewestFirstPutsEveryEventBeforeAllOlderOnes(@ForAll("tiedEventLists") List<Event> events) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(EventOrder.NEWEST_FIRST);
        for (int i = 1; i < sorted.size(); i++) {
            Event prev = sorted.get(i - 1);
            Event next = sorted.get(i);
            assertThat(prev.createdAt() > next.createdAt()
                    || (prev.createdAt() == next.createdAt() && prev.id().compareTo(next.id()) <= 0)).isTrue();
        }
    }

    @Property(tries = 100)
    void supersedesIsTheFirstOfTwoInNewestFirstOrder(@ForAll("tiedEvents") Event a, @ForAll("tiedEvents") Event b) {
        if (!a.equals(b)) {
            assertThat(a.supersedes(b)).isEqualTo(EventOrder.NEWEST_FIRST.compare(a, b) < 0);
        }
    }
}
