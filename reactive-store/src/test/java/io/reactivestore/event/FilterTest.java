package io.reactivestore.event;

import static io.reactivestore.event.ModelFixtures.ALICE;
import static io.reactivestore.event.ModelFixtures.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Filter}: validation at construction, {@link Filter#matches} field by field, {@link Filter#canMatch}. */
class FilterTest {

    private static final Event NOTE = ModelFixtures.note(ALICE, 1000, "hi",
            List.of(List.of("t", "nostr"), List.of("t", "zap"), List.of("p", BOB.publicKey(), "wss://r/"),
                    List.of("e"), List.of("T", "Upper")));

    private static boolean matches(Filter.Builder builder) {
        return builder.build().matches(NOTE);
    }

    @Test
    void theIndexedTagsAreTheFirstValuesOfSingleLetterTagsInTagOrder() {
        Event event = ModelFixtures.note(ALICE, 1000, "hi", List.of(List.of("t", "nostr"), List.of("title", "long name"),
                List.of("p", BOB.publicKey(), "wss://r/"), List.of("e"), List.of("t", "nostr"), List.of("T", "Upper")));
        List<String> seen = new ArrayList<>();

        event.forEachIndexedTag((name, value) -> seen.add(name + "=" + value));

        assertThat(seen).containsExactly("t=nostr", "p=" + BOB.publicKey(), "t=nostr", "T=Upper");
    }

    @Test
    void theEmptyFilterMatchesEverything() {
        assertThat(Filter.ALL.matches(NOTE)).isTrue();
        assertThat(Filter.ALL.canMatch()).isTrue();
    }

    @Test
    void idsMatchExactly() {
        assertThat(matches(Filter.builder().ids(NOTE.id()))).isTrue();
        assertThat(matches(Filter.builder().ids("0".repeat(64), NOTE.id()))).isTrue();
        assertThat(matches(Filter.builder().ids("0".repeat(64)))).isFalse();
    }

    @Test
    void authorsMatchExactly() {
        assertThat(matches(Filter.builder().authors(ALICE.publicKey()))).isTrue();
        assertThat(matches(Filter.builder().authors(BOB.publicKey()))).isFalse();
        assertThat(matches(Filter.builder().authors(BOB.publicKey(), ALICE.publicKey()))).isTrue();
    }

    @Test
    void kindsMatchExactly() {
        assertThat(matches(Filter.builder().kinds(1))).isTrue();
        assertThat(matches(Filter.builder().kinds(0, 7))).isFalse();
        assertThat(matches(Filter.builder().kinds(7, 1))).isTrue();
    }

    @Test
    void sinceAndUntilAreInclusive() {
        assertThat(matches(Filter.builder().since(1000))).isTrue();
        assertThat(matches(Filter.builder().since(1001))).isFalse();
        assertThat(matches(Filter.builder().until(1000))).isTrue();
        assertThat(matches(Filter.builder().until(999))).isFalse();
        assertThat(matches(Filter.builder().since(1000).until(1000))).isTrue();
        assertThat(matches(Filter.builder().since(0).until(Long.MAX_VALUE))).isTrue();
    }

    @Test
    void aTagFilterMatchesAnyOfItsValuesOnElementOneOfATagWithThatName() {
        assertThat(matches(Filter.builder().tag("t", "zap"))).isTrue();
        assertThat(matches(Filter.builder().tag("t", "bitcoin", "nostr"))).isTrue();
        assertThat(matches(Filter.builder().tag("t", "bitcoin", "lightning"))).isFalse();
        assertThat(matches(Filter.builder().tag("p", BOB.publicKey()))).isTrue();
        assertThat(matches(Filter.builder().tag("p", "wss://r/"))).as("element 2 is not matched").isFalse();
        assertThat(matches(Filter.builder().tag("t", "t"))).as("the name is not a value").isFalse();
        assertThat(matches(Filter.builder().tag("e", ""))).as("a tag without value matches nothing").isFalse();
    }

    @Test
    void tagNamesAreCaseSensitive() {
        assertThat(matches(Filter.builder().tag("T", "Upper"))).isTrue();
        assertThat(matches(Filter.builder().tag("t", "Upper"))).isFalse();
        assertThat(matches(Filter.builder().tag("T", "upper"))).isFalse();
    }

    @Test
    void severalConditionsAreAnded() {
        assertThat(matches(Filter.builder().authors(ALICE.publicKey()).kinds(1).tag("t", "zap").tag("p",
                BOB.publicKey()).since(1000).until(1000))).isTrue();
        assertThat(matches(Filter.builder().authors(ALICE.publicKey()).kinds(1).tag("t", "zap").tag("p",
                ALICE.publicKey()))).isFalse();
        assertThat(matches(Filter.builder().authors(ALICE.publicKey()).kinds(7))).isFalse();
    }

    @Test
    void filtersInAListAreOred() {
        Filter none = Filter.builder().kinds(7).build();
        Filter some = Filter.builder().tag("t", "zap").build();
        assertThat(Filter.anyMatches(List.of(none, some), NOTE)).isTrue();
        assertThat(Filter.anyMatches(List.of(none), NOTE)).isFalse();
        assertThat(Filter.anyMatches(List.of(), NOTE)).isFalse();
    }

    @Test
    void limitPlaysNoPartInMatching() {
        assertThat(matches(Filter.builder().limit(0))).isTrue();
        assertThat(matches(Filter.builder().limit(1))).isTrue();
    }

    @Test
    void emptySetsMatchNothing() {
        assertThat(matches(Filter.builder().ids(List.of()))).isFalse();
        assertThat(matches(Filter.builder().authors(List.of()))).isFalse();
        assertThat(matches(Filter.builder().kinds(List.<Integer>of()))).isFalse();
        assertThat(matches(Filter.builder().tag("t", List.of()))).isFalse();
    }

    @Test
    void canMatchIsFalseExactlyWhenTheFilterIsCertainToMatchNothing() {
        assertThat(Filter.builder().limit(0).build().canMatch()).isFalse();
        assertThat(Filter.builder().ids(List.of()).build().canMatch()).isFalse();
        assertThat(Filter.builder().authors(List.of()).build().canMatch()).isFalse();
        assertThat(Filter.builder().kinds(List.<Integer>of()).build().canMatch()).isFalse();
        assertThat(Filter.builder().tag("t", List.of()).build().canMatch()).isFalse();
        assertThat(Filter.builder().since(11).until(10).build().canMatch()).isFalse();

        assertThat(Filter.builder().since(10).until(10).build().canMatch()).isTrue();
        assertThat(Filter.builder().limit(1).build().canMatch()).isTrue();
        assertThat(Filter.builder().kinds(1).tag("t", "x").since(0).build().canMatch()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tt", "", "1", "#", "é", "t "})
    void tagNamesOtherThanOneAsciiLetterAreRejected(String name) {
        assertThatThrownBy(() -> Filter.builder().tag(name, "x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tags:");
        assertThat(Filter.isTagLetter(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "z", "A", "Z"})
    void everyAsciiLetterIsATagName(String name) {
        assertThat(Filter.isTagLetter(name)).isTrue();
        assertThat(Filter.builder().tag(name, "x").build().tags()).containsEntry(name, Set.of("x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "gaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "abc", ""})
    void idsAndAuthorsMustBeFullLowercaseHex(String value) {
        assertThatThrownBy(() -> Filter.builder().ids(value).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ids:");
        assertThatThrownBy(() -> Filter.builder().authors(value).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("authors:");
    }

    @Test
    void outOfRangeNumbersAreRejectedNamingTheField() {
        assertThatThrownBy(() -> Filter.builder().kinds(-1).build()).hasMessageStartingWith("kinds:");
        assertThatThrownBy(() -> Filter.builder().kinds(65536).build()).hasMessageStartingWith("kinds:");
        assertThatThrownBy(() -> Filter.builder().since(-1).build()).hasMessageStartingWith("since:");
        assertThatThrownBy(() -> Filter.builder().until(-1).build()).hasMessageStartingWith("until:");
        assertThatThrownBy(() -> Filter.builder().limit(-1).build()).hasMessageStartingWith("limit:");
        assertThat(Filter.builder().kinds(0, 65535).build().kinds()).containsExactlyInAnyOrder(0, 65535);
    }

    @Test
    void nullValuesAreRejected() {
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> Filter.builder().ids(withNull).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Filter.builder().tag("t", withNull).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("#t:");
        List<Integer> kindsWithNull = new ArrayList<>();
        kindsWithNull.add(null);
        assertThatThrownBy(() -> Filter.builder().kinds(kindsWithNull).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFilterIsImmutableAndIndependentOfItsInputs() {
        List<String> authors = new ArrayList<>(List.of(ALICE.publicKey()));
        Filter.Builder builder = Filter.builder().authors(authors).tag("t", "x");
        Filter filter = builder.build();
        authors.add(BOB.publicKey());
        builder.tag("p", "y");

        assertThat(filter.authors()).containsExactly(ALICE.publicKey());
        assertThat(filter.tags()).isEqualTo(Map.of("t", Set.of("x")));
        assertThatThrownBy(() -> filter.authors().add(BOB.publicKey()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> filter.tags().get("t").add("z")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void copiesReplaceOneComponent() {
        Filter base = Filter.builder().kinds(1).since(5).until(9).limit(3).build();
        assertThat(base.withLimit(null).limit()).isNull();
        assertThat(base.withLimit(7)).isEqualTo(Filter.builder().kinds(1).since(5).until(9).limit(7).build());
        assertThat(base.withUntil(8L).until()).isEqualTo(8L);
        assertThat(base.withKinds(Set.of(7)).kinds()).containsExactly(7);
        assertThat(base.withKinds(null).kinds()).isNull();
    }

    @Test
    void copiesOfAFilterWithTagConditionsKeepThem() {
        Filter tagged = Filter.builder().kinds(1).tag("t", "nostr", "java").build();
        assertThat(tagged.withKinds(Set.of(7)).tags()).isEqualTo(Map.of("t", Set.of("nostr", "java")));
        assertThat(tagged.withLimit(2).withUntil(9L).tags()).isEqualTo(tagged.tags());
    }

    @Test
    void copiesShareTheCheckedComponentSetsInsteadOfCopyingThem() {
        Filter base = Filter.builder().ids("a".repeat(64)).authors(ALICE.publicKey()).kinds(1).tag("t", "x").build();
        Filter copy = base.withLimit(5);
        assertThat(copy.ids()).isSameAs(base.ids());
        assertThat(copy.authors()).isSameAs(base.authors());
        assertThat(copy.kinds()).isSameAs(base.kinds());
        assertThat(copy.tags().get("t")).isSameAs(base.tags().get("t"));
        assertThat(copy).isEqualTo(Filter.builder().ids("a".repeat(64)).authors(ALICE.publicKey()).kinds(1)
                .tag("t", "x").limit(5).build());
        assertThatThrownBy(() -> copy.ids().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aSetCheckedForOneComponentIsCheckedAgainWhenGivenToAnother() {
        Filter tagged = Filter.builder().tag("e", "not-hex").build();
        Set<String> values = tagged.tags().get("e");
        assertThatThrownBy(() -> new Filter(values, null, null, Map.of(), null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ids");
        assertThatThrownBy(() -> new Filter(null, values, null, Map.of(), null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("authors");
    }

    @Test
    void searchesWhoseStringsShareAHashAreKeptApart() {
        // "Aa" and "BB" have the same String.hashCode: the parsed form of one must never answer for the other
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        Filter aa = Filter.builder().search("Aa").build();
        Filter bb = Filter.builder().search("BB").build();
        Event aaNote = ModelFixtures.note(ALICE, 1, "say aa", List.of());
        Event bbNote = ModelFixtures.note(ALICE, 2, "say bb", List.of());
        for (int round = 0; round < 3; round++) {
            assertThat(aa.matches(aaNote)).isTrue();
            assertThat(bb.matches(aaNote)).isFalse();
            assertThat(bb.matches(bbNote)).isTrue();
            assertThat(aa.matches(bbNote)).isFalse();
            assertThat(aa.searchTerms().matches("AA")).isTrue();
            assertThat(bb.searchTerms().matches("AA")).isFalse();
        }
    }
}
