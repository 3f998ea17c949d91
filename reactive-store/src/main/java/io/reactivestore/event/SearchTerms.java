package io.reactivestore.event;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The terms of a NIP-50 {@code search} string and how an event's {@code content} matches them: the one
 * definition that {@link Filter#matches(Event)} (live subscriptions) and every store follow.
 *
 * <p><b>Tokens.</b> A text is split into maximal runs of Unicode letters, digits and combining marks
 * (code points, so letters outside the BMP count); everything else (spaces, punctuation, symbols, emoji)
 * separates tokens. Tokens are lowercased with {@link Locale#ROOT}. No stemming, no stop words, no
 * language: {@code "Nostr's"} gives {@code nostr} and {@code s}; {@code "user@example.com"} gives
 * {@code user}, {@code example}, {@code com}; a run of CJK characters is one token.
 *
 * <p><b>Query.</b> The search string is split on white space; a word of the form {@code key:value} (a
 * NIP-50 extension such as {@code include:spam} or {@code language:en}; the value starts with a letter or
 * digit) is ignored, since no extension
 * is supported; the other words are tokenized as above, and their distinct tokens are the terms. A search
 * with no term (empty, blank, only punctuation or only extensions) is invalid, as is one longer than
 * {@link #MAX_LENGTH} characters or with more than {@link #MAX_TERMS} terms.
 *
 * <p><b>Match.</b> An event matches when its {@code content} contains every term as a token (AND),
 * case-insensitively. Characters such as {@code % _ ' \ ; --} are never wildcards or syntax: they only
 * separate tokens, so {@code "100%"} searches for the token {@code 100}, which {@code "1000"} does not hold.
 *
 * <p><b>Rank</b> (NIP-50: results in descending order of quality, {@code limit} applied after sorting). An
 * event's score is {@link #score(String)}: the number of its content's tokens that are one of the terms
 * (every occurrence counts; no weighting by length, position or rarity, so every backend computes it
 * exactly). <i>Best first</i> is score descending, then {@code created_at} descending, then id ascending.
 * <ul>
 *   <li>A search filter's {@code limit} keeps its best-first matches, whatever the order of the answer.</li>
 *   <li>A query whose filters (those that {@linkplain Filter#canMatch() can match}) all search for the same
 *       terms (equal {@code SearchTerms}) returns its events best first: one search filter, or several
 *       that differ only in other fields. The score depends only on the terms and the content, so the
 *       union of such filters has one order.</li>
 *   <li>Any other query (no search, different searches, or search and plain filters mixed) returns the
 *       union newest first, as NIP-01 does; a limited search filter in it still contributes its best-first
 *       {@code limit} matches.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class SearchTerms {

    /** The longest search string accepted, in UTF-16 characters. */
    public static final int MAX_LENGTH = 256;
    /** The most distinct terms a search string may have. */
    public static final int MAX_TERMS = 16;

    private final List<String> terms;

    private SearchTerms(List<String> terms) {
        this.terms = terms;
    }

    /**
     * Parses a search string.
     *
     * @param search the {@code search} value of a filter
     * @return its terms
     * @throws IllegalArgumentException (message starting with {@code "search: "}) if it is too long, has no
     *     term or too many terms
     * @throws NullPointerException if {@code search} is {@code null}
     */
    public static SearchTerms parse(String search) {
        if (search.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("search: longer than " + MAX_LENGTH + " characters");
        }
        Set<String> terms = new LinkedHashSet<>();
        for (String word : search.strip().split("\\s+")) {
            if (!isExtension(word)) {
                terms.addAll(tokens(word));
            }
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("search: has no word to search for");
        }
        if (terms.size() > MAX_TERMS) {
            throw new IllegalArgumentException("search: more than " + MAX_TERMS + " terms");
        }
        return new SearchTerms(List.copyOf(terms));
    }

    /**
     * {@code key:value} with a key of letters, digits or {@code -} and a value starting with a letter or digit
     * (so {@code https://example.com} is searched, not taken for an extension).
     */
    private static boolean isExtension(String word) {
        int colon = word.indexOf(':');
        if (colon <= 0 || colon == word.length() - 1 || !Character.isLetterOrDigit(word.charAt(colon + 1))) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = word.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The terms, distinct, in the order they first appear in the search string.
     *
     * @return the terms, lowercase, each a non-empty run of letters, digits and marks
     */
    public List<String> terms() {
        return terms;
    }

    /**
     * The tokens of a text (see the class description), in order, repeats kept.
     *
     * @param text the text
     * @return its lowercase tokens
     */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean word = isWordCodePoint(cp);
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            out.add(text.substring(start).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static boolean isWordCodePoint(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /**
     * Whether {@code content} contains every term as a token.
     *
     * @param content an event's content
     * @return whether it matches
     */
    public boolean matches(String content) {
        if (terms.size() == 1) {
            return tokens(content).contains(terms.get(0));
        }
        return new HashSet<>(tokens(content)).containsAll(terms);
    }

    /**
     * How often the terms occur in {@code content} as tokens; 0 if it contains none of them.
     *
     * @param content an event's content
     * @return the sum over the terms of their occurrences
     */
    public int score(String content) {
        Set<String> wanted = new HashSet<>(terms);
        int score = 0;
        for (String token : tokens(content)) {
            if (wanted.contains(token)) {
                score++;
            }
        }
        return score;
    }

    /**
     * {@link #score} if {@code content} {@linkplain #matches matches}, else 0, tokenizing it once (what a
     * store scanning candidates calls instead of {@link #matches} then {@link #score}).
     *
     * @param content an event's content
     * @return the score of a match (at least the number of terms), or 0 if some term is missing
     */
    public int matchScore(String content) {
        int[] counts = new int[terms.size()];
        int score = 0;
        for (String token : tokens(content)) {
            int i = terms.indexOf(token);
            if (i >= 0) {
                counts[i]++;
                score++;
            }
        }
        for (int count : counts) {
            if (count == 0) {
                return 0;
            }
        }
        return score;
    }

    /**
     * The content normalized for substring search: its tokens, each followed by one space, after a leading
     * space ({@code " hello world "}), so that {@code " term "} occurs in it exactly when the content holds the
     * token {@code term}. What the H2 backend indexes.
     *
     * @param content an event's content
     * @return the normalized text
     */
    public static String normalized(String content) {
        StringBuilder out = new StringBuilder(content.length() + 2).append(' ');
        for (String token : tokens(content)) {
            out.append(token).append(' ');
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchTerms other && terms.equals(other.terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    @Override
    public String toString() {
        return String.join(" ", terms);
    }
}
