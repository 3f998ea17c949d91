package io.reactivestore.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NIP-50 {@code search} in filters: the codec, validation, tokenization and live matching. */
class SearchFilterTest {

    private static final KeyPair KEYS = KeyPair.generate();

    private static Event note(String content) {
        return KEYS.sign(UnsignedEvent.of(1, content).withCreatedAt(100));
    }

    @Test
    void searchRoundTripsThroughTheCodecAndSurvivesTheCopies() {
        Filter f = NostrJson.parseFilter("{\"kinds\":[1],\"search\":\"best \\\"nostr\\\" apps\",\"limit\":5}");
        assertThat(f.search()).isEqualTo("best \"nostr\" apps");
        assertThat(NostrJson.parseFilter(NostrJson.toJson(f))).isEqualTo(f);
        assertThat(f.withLimit(null).search()).isEqualTo(f.search());
        assertThat(f.withUntil(5L).search()).isEqualTo(f.search());
        assertThat(f.withKinds(null).search()).isEqualTo(f.search());
        assertThat(NostrJson.toJson(Filter.builder().build())).doesNotContain("search");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"search\":42}", "{\"search\":[\"a\"]}", "{\"search\":null}", "{\"search\":\"\"}",
        "{\"search\":\"  \"}", "{\"search\":\"%_'\\\\;--\"}", "{\"search\":\"include:spam\"}",
        "{\"search\":\"a\",\"search\":\"b\"}"})
    void aBadSearchIsAnInvalidJsonErrorNamingTheFilterOrTheField(String json) {
        assertThatThrownBy(() -> NostrJson.parseFilter(json)).isInstanceOf(InvalidJsonException.class)
                .hasMessageContaining("search")
                .hasMessageStartingWith("filter");
    }

    @Test
    void anOverlongSearchOrOneWithTooManyTermsIsRefused() {
        assertThatThrownBy(() -> Filter.builder().search("a".repeat(SearchTerms.MAX_LENGTH + 1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("search: longer than");
        assertThat(Filter.builder().search("a".repeat(SearchTerms.MAX_LENGTH)).build().search()).hasSize(256);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= SearchTerms.MAX_TERMS; i++) {
            many.append("w").append(i).append(' ');
        }
        assertThatThrownBy(() -> Filter.builder().search(many.toString()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("search: more than");
    }

    @Test
    void termsAreLowercaseUnicodeWordsWithoutExtensionsOrRepeats() {
        assertThat(SearchTerms.parse("Best NOSTR apps, nostr! language:en include:spam").terms())
                .containsExactly("best", "nostr", "apps");
        assertThat(SearchTerms.parse("user@example.com 100% a_b").terms())
                .containsExactly("user", "example", "com", "100", "a", "b");
        assertThat(SearchTerms.parse("ÜBER Ωmega 日本語 \uD835\uDC00x").terms())
                .containsExactly("über", "ωmega", "日本語", "\uD835\uDC00x");
        assertThat(SearchTerms.parse("http://x.org").terms()).containsExactly("http", "x", "org");
        assertThat(SearchTerms.normalized("Hello, World!  hello")).isEqualTo(" hello world hello ");
    }

    @Test
    void liveMatchingNeedsEveryTermAsAWordCaseInsensitively() {
        Filter f = Filter.builder().search("orange PURPLE").build();
        assertThat(f.matches(note("Purple, orange."))).isTrue();
        assertThat(f.matches(note("orange only"))).isFalse();
        assertThat(f.matches(note("oranges purple"))).isFalse();
        assertThat(Filter.builder().search("100%").build().matches(note("1000"))).isFalse();
        assertThat(Filter.builder().search("100%").build().matches(note("it is 100%"))).isTrue();
        assertThat(Filter.builder().search("orange").kinds(7).build().matches(note("orange"))).isFalse();
    }

    @Test
    void theScoreCountsEveryOccurrenceOfEveryTerm() {
        SearchTerms terms = SearchTerms.parse("nostr relay");
        assertThat(terms.score("nostr relay nostr")).isEqualTo(3);
        assertThat(terms.score("Nostr")).isEqualTo(1);
        assertThat(terms.score("nostrich")).isZero();
    }

    @Test
    void theMatchScoreIsTheScoreOfAMatchAndZeroWhenATermIsMissing() {
        SearchTerms terms = SearchTerms.parse("nostr relay");
        assertThat(terms.matchScore("nostr relay, NOSTR")).isEqualTo(3);
        assertThat(terms.matchScore("nostr nostr")).isZero();
        assertThat(terms.matchScore("relays of nostr")).isZero();
        assertThat(terms.matchScore("")).isZero();
        for (String content : List.of("a nostr relay", "relay", "Relay-NOSTR-relay", "nostr.relay.nostr x")) {
            assertThat(terms.matchScore(content)).isEqualTo(terms.matches(content) ? terms.score(content) : 0);
        }
    }
}
