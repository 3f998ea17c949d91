package io.reactivestore.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link Filter#tagsBySelectivity()} and {@link Filter#indexTag()}: the one rule by which every planner
 * picks a filter's index tag, and the insertion order the filter keeps so that the rule is deterministic.
 */
class FilterIndexTagPropertiesTest {

    private static final String LETTERS = "eEqaAiIgrdptTkKxyPzZ";

    @Provide
    Arbitrary<List<String>> tagLetters() {
        return Arbitraries.of(LETTERS.chars().mapToObj(c -> String.valueOf((char) c)).toList())
                .list().ofMinSize(1).ofMaxSize(10).uniqueElements();
    }

    private static Filter withTags(List<String> letters) {
        Filter.Builder b = Filter.builder();
        for (String letter : letters) {
            b.tag(letter, "v-" + letter, "w-" + letter);
        }
        return b.build();
    }

    @Property(tries = 300)
    void theIndexTagIsTheFirstInsertedTagOfTheMostSelectiveClass(@ForAll("tagLetters") List<String> letters) {
        Filter f = withTags(letters);
        int best = letters.stream().mapToInt(Filter::tagClassRank).min().orElseThrow();
        String expected = letters.stream().filter(l -> Filter.tagClassRank(l) == best).findFirst().orElseThrow();

        assertThat(f.indexTag()).isEqualTo(expected);
        assertThat(f.tagsBySelectivity().get(0)).isEqualTo(expected);
        assertThat(new ArrayList<>(f.tags().keySet())).containsExactlyElementsOf(letters);
    }

    @Property(tries = 300)
    void reorderingTagsOfDifferentClassesDoesNotChangeThePlanningOrder(@ForAll("tagLetters") List<String> letters,
                                                                        @ForAll long seed) {
        // shuffle, then restore the relative order of letters within each class: only classes move
        List<String> shuffled = new ArrayList<>(letters);
        Collections.shuffle(shuffled, new Random(seed));
        List<String> classesMoved = new ArrayList<>();
        for (String l : shuffled) {
            int rank = Filter.tagClassRank(l);
            List<String> sameClass = letters.stream().filter(x -> Filter.tagClassRank(x) == rank).toList();
            long earlier = classesMoved.stream().filter(x -> Filter.tagClassRank(x) == rank).count();
            classesMoved.add(sameClass.get((int) earlier));
        }

        Filter original = withTags(letters);
        Filter reordered = withTags(classesMoved);

        assertThat(reordered).isEqualTo(original);
        assertThat(reordered.tagsBySelectivity()).isEqualTo(original.tagsBySelectivity());
        assertThat(reordered.indexTag()).isEqualTo(original.indexTag());
        List<String> sortedByRank = new ArrayList<>(letters);
        sortedByRank.sort(Comparator.comparingInt(Filter::tagClassRank));
        assertThat(original.tagsBySelectivity()).isEqualTo(sortedByRank);
    }

    @Property(tries = 200)
    void aParsedFilterKeepsTheOrderOfItsJson(@ForAll("tagLetters") List<String> letters) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < letters.size(); i++) {
            json.append(i == 0 ? "" : ",").append("\"#").append(letters.get(i)).append("\":[\"z\",\"a\",\"m\"]");
        }
        json.append('}');

        Filter f = NostrJson.parseFilter(json.toString());

        assertThat(new ArrayList<>(f.tags().keySet())).containsExactlyElementsOf(letters);
        assertThat(f.tags().values()).allSatisfy(values -> assertThat(values).containsExactly("z", "a", "m"));
        String written = NostrJson.toJson(f); // values are written sorted, tags in the filter's order
        int last = -1;
        for (String letter : letters) {
            int at = written.indexOf("\"#" + letter + "\":");
            assertThat(at).isGreaterThan(last);
            last = at;
        }
    }

    @Test
    void theClassesAreThoseOfStrfry() {
        Map<String, Integer> ranks = new LinkedHashMap<>();
        for (String l : List.of("e", "E", "q", "a", "A", "i", "I", "g", "r", "d", "t", "k", "P", "p")) {
            ranks.put(l, Filter.tagClassRank(l));
        }
        assertThat(ranks).containsExactly(Map.entry("e", 0), Map.entry("E", 0), Map.entry("q", 0),
                Map.entry("a", 1), Map.entry("A", 1), Map.entry("i", 1), Map.entry("I", 1), Map.entry("g", 1),
                Map.entry("r", 1), Map.entry("d", 2), Map.entry("t", 3), Map.entry("k", 3), Map.entry("P", 3),
                Map.entry("p", 4));
        assertThat(Filter.ALL.indexTag()).isNull();
        assertThat(Filter.ALL.tagsBySelectivity()).isEmpty();
    }

    @Test
    void idsAuthorsAndKindsKeepTheirOrderToo() {
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        Filter f = Filter.builder().ids(b, a).authors(b, a).kinds(7, 1, 30023).build();

        assertThat(f.ids()).containsExactly(b, a);
        assertThat(f.authors()).containsExactly(b, a);
        assertThat(f.kinds()).containsExactly(7, 1, 30023);
        assertThat(f).isEqualTo(Filter.builder().ids(a, b).authors(a, b).kinds(1, 7, 30023).build());
        assertThat(f.ids()).isInstanceOf(Set.class);
    }
}
