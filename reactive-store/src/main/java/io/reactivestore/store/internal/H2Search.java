package io.reactivestore.store.internal;

import io.reactivestore.event.NostrJson;
import io.reactivestore.event.SearchTerms;

/**
 * The Java functions the H2 events migration declares as aliases for NIP-50 search: the search text of an
 * event stored before search existed, and the score of a match. Public only because H2 calls them by
 * reflection; not an API. Deterministic and thread-safe.
 */
public final class H2Search {

    private H2Search() {
    }

    /**
     * The search text of a stored event ({@link SearchTerms#normalized}).
     *
     * @param json the event's stored JSON
     * @return its content's words, lowercase, each followed by a space, after a leading space
     */
    public static String text(byte[] json) {
        return SearchTerms.normalized(NostrJson.parseStoredEvent(json).content());
    }

    /**
     * {@link SearchTerms#score} on a search text: how often the terms occur in it as words.
     *
     * @param text a search text ({@link SearchTerms#normalized}), or {@code null} (scores 0)
     * @param terms the search terms, space-separated
     * @return the sum over the terms of their occurrences
     */
    public static int score(String text, String terms) {
        if (text == null) {
            return 0;
        }
        int score = 0;
        for (String term : terms.split(" ")) {
            String word = " " + term + " ";
            // occurrences share their separating space: " a a " holds " a " twice
            for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length() - 1)) {
                score++;
            }
        }
        return score;
    }
}
