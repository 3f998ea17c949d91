package io.reactivestore.event;

import io.reactivestore.internal.Hex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A NIP-01 filter: immutable and validated at construction.
 *
 * <p>A {@code null} component means "no condition"; an empty set matches nothing. Conditions of one
 * filter are ANDed; a list of filters is ORed. {@link #matches(Event)} is the reference semantics
 * that every store and the relay's live matching follow:
 * <ul>
 *   <li>{@code ids}, {@code authors}: exact 64-character lowercase hex values (no prefixes).
 *   <li>{@code kinds}: 0-65535.
 *   <li>{@code tags}: keyed by a single letter {@code a-z A-Z}; {@code #t: [v1, v2]} matches an event with
 *       some tag {@code ["t", v, ...]} whose {@code v} is one of the values.
 *   <li>{@code since} / {@code until}: inclusive bounds on {@code created_at}.
 *   <li>{@code limit}: caps the stored results of this filter (newest first); {@code 0} returns none;
 *       it plays no part in {@link #matches(Event)}.
 *   <li>{@code search} (NIP-50): the event's {@code content} holds every term of the search string as a
 *       word, case-insensitively; {@code key:value} extensions are ignored (see {@link SearchTerms} for the
 *       exact rules, shared by every store). With a {@code limit}, a store keeps the filter's best-ranked
 *       matches ({@link SearchTerms#score}, ties newest first) and returns them in the usual newest-first
 *       order. Only stores that {@linkplain io.reactivestore.store.EventStore#supportsSearch() support
 *       search} accept such a filter.
 * </ul>
 *
 * <p><b>Order.</b> The sets and the tag map keep the order in which they were given (for a parsed filter,
 * the order of the JSON), so that everything derived from a filter (its JSON, a store's plan) is the same
 * from one run to the next. Equality ignores that order.
 *
 * <p><b>Index tag.</b> A store or index that serves a filter through one tag condition takes the one
 * {@link #tagsBySelectivity()} puts first (the most selective tag class, ties in insertion order; see
 * {@link #tagClassRank(String)}); a planner that can only use some tag conditions (a SQL planner driving
 * by a one-value tag) takes the first usable one in that order. Every backend and the relay's live index
 * follow this rule, so a filter is planned the same way everywhere and on every run.
 *
 * @param ids event ids, or {@code null}
 * @param authors pubkeys, or {@code null}
 * @param kinds kinds, or {@code null}
 * @param tags tag letter to values; empty map for no tag conditions
 * @param since lowest {@code created_at}, inclusive, or {@code null}
 * @param until highest {@code created_at}, inclusive, or {@code null}
 * @param limit maximum stored results, or {@code null}
 * @param search a NIP-50 search string, or {@code null}
 */
public record Filter(@Nullable Set<String> ids, @Nullable Set<String> authors, @Nullable Set<Integer> kinds,
                     Map<String, Set<String>> tags, @Nullable Long since, @Nullable Long until, @Nullable Integer limit,
                     @Nullable String search) {

    /** A filter with no condition: it matches every event. */
    public static final Filter ALL = builder().build();

    /**
     * Validates the components (see the class comment).
     *
     * @param ids event ids, or {@code null}
     * @param authors pubkeys, or {@code null}
     * @param kinds kinds, or {@code null}
     * @param tags tag letter to values; empty map for no tag conditions
     * @param since lowest {@code created_at}, inclusive, or {@code null}
     * @param until highest {@code created_at}, inclusive, or {@code null}
     * @param limit maximum stored results, or {@code null}
     * @param search a NIP-50 search string, or {@code null}; see {@link SearchTerms#parse} for what is valid
     * @throws IllegalArgumentException naming the field that breaks a rule
     */
    public Filter {
        ids = hexSet("ids", ids);
        authors = hexSet("authors", authors);
        if (kinds != null && !Frozen.checked(kinds, Frozen.Check.KINDS)) {
            for (Integer kind : kinds) {
                if (kind == null || kind < KindClass.MIN_KIND || kind > KindClass.MAX_KIND) {
                    throw new IllegalArgumentException("kinds: must be within 0-65535, got " + kind);
                }
            }
            kinds = ordered(kinds, Frozen.Check.KINDS);
        }
        if (tags == null || tags.isEmpty()) {
            tags = Map.of();
        } else {
            Map<String, Set<String>> copy = new LinkedHashMap<>();
            tags.forEach((name, values) -> {
                if (!isTagLetter(name)) {
                    throw new IllegalArgumentException("tags: filter tag names are single letters a-z A-Z, got '"
                            + name + "'");
                }
                if (Frozen.checked(values, Frozen.Check.NON_NULL)) {
                    copy.put(name, values);
                    return;
                }
                if (values == null || values.stream().anyMatch(java.util.Objects::isNull)) {
                    throw new IllegalArgumentException("#" + name + ": values must be non-null");
                }
                copy.put(name, ordered(values, Frozen.Check.NON_NULL));
            });
            tags = Collections.unmodifiableMap(copy);
        }
        if (since != null && since < 0) {
            throw new IllegalArgumentException("since: must be non-negative, got " + since);
        }
        if (until != null && until < 0) {
            throw new IllegalArgumentException("until: must be non-negative, got " + until);
        }
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("limit: must be non-negative, got " + limit);
        }
        if (search != null) {
            ParsedSearches.terms(search); // validates, and keeps the terms for matches(Event)
        }
    }

    /**
     * A filter without {@code search}.
     *
     * @param ids event ids, or {@code null}
     * @param authors pubkeys, or {@code null}
     * @param kinds kinds, or {@code null}
     * @param tags tag letter to values; empty map for no tag conditions
     * @param since lowest {@code created_at}, inclusive, or {@code null}
     * @param until highest {@code created_at}, inclusive, or {@code null}
     * @param limit maximum stored results, or {@code null}
     * @throws IllegalArgumentException naming the field that breaks a rule
     */
    public Filter(@Nullable Set<String> ids, @Nullable Set<String> authors, @Nullable Set<Integer> kinds,
                  Map<String, Set<String>> tags, @Nullable Long since, @Nullable Long until, @Nullable Integer limit) {
        this(ids, authors, kinds, tags, since, until, limit, null);
    }

    /**
     * The terms of {@link #search()}.
     *
     * @return the parsed search, or {@code null} if this filter has no {@code search}
     */
    public @Nullable SearchTerms searchTerms() {
        return search == null ? null : ParsedSearches.terms(search);
    }

    /**
     * The parsed terms of recently used search strings, so that {@link #matches(Event)} (run for every candidate
     * event of a query and every live event a search subscription sees) does not parse its filter's search again
     * for each event: a record cannot hold the parsed form beside its components. A fixed table of
     * 256 slots chosen by the string's hash; a slot holds one string and its terms, replaced when
     * another string lands on it (then that string is parsed again: correct, only slower). Lock-free and
     * bounded: slots are written without a lock, and an entry is an immutable record, so a reader sees either
     * a whole entry or an older one.
     */
    private static final class ParsedSearches {

        private static final int SLOTS = 256;
        private static final Entry[] TABLE = new Entry[SLOTS];

        private record Entry(String search, SearchTerms terms) {
        }

        private ParsedSearches() {
        }

        static SearchTerms terms(String search) {
            int slot = search.hashCode() & (SLOTS - 1);
            Entry entry = TABLE[slot];
            if (entry != null && (entry.search == search || entry.search.equals(search))) {
                return entry.terms;
            }
            SearchTerms terms = SearchTerms.parse(search);
            TABLE[slot] = new Entry(search, terms);
            return terms;
        }
    }

    /**
     * Whether any of {@code filters} has a {@code search}.
     *
     * @param filters the filters
     * @return whether a store must support search to answer them
     */
    public static boolean anySearch(Collection<Filter> filters) {
        for (Filter f : filters) {
            if (f.search != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code name} is a single letter that a tag filter may name.
     *
     * @param name the name
     * @return whether {@code name} is a single letter that a tag filter may name
     */
    public static boolean isTagLetter(String name) {
        if (name == null || name.length() != 1) {
            return false;
        }
        char c = name.charAt(0);
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static @Nullable Set<String> hexSet(String field, @Nullable Set<String> values) {
        if (values == null || Frozen.checked(values, Frozen.Check.HEX)) {
            return values;
        }
        for (String v : values) {
            if (v == null || !Hex.isLowerHex(v, Event.HEX_ID_LENGTH)) {
                throw new IllegalArgumentException(field + ": values must be 64 lowercase hex characters, got '"
                        + v + "'");
            }
        }
        return ordered(values, Frozen.Check.HEX);
    }

    /** An unmodifiable copy keeping {@code values}' iteration order (the values are known non-null). */
    private static <T> Set<T> ordered(Collection<T> values, Frozen.Check check) {
        return new Frozen<>(new LinkedHashSet<>(values), check);
    }

    /**
     * A component set this record built: an unmodifiable copy, in insertion order, whose values passed
     * {@link #check}. Passed to the constructor again (by {@link #withLimit} and the other copies, which
     * run for every REQ), it is kept as it is, neither checked nor copied again. Only this class makes
     * them, so a set of this type cannot change after the check, and the check it passed is known.
     */
    private static final class Frozen<T> extends java.util.AbstractSet<T> {

        /** What the values were checked for. */
        enum Check { HEX, KINDS, NON_NULL }

        private final Set<T> values;
        private final Check check;

        Frozen(Set<T> values, Check check) {
            this.values = values;
            this.check = check;
        }

        /** Whether {@code set} is a set made here whose values passed {@code check}. */
        static boolean checked(Collection<?> set, Check check) {
            return set instanceof Frozen<?> f && f.check == check;
        }

        @Override
        public java.util.Iterator<T> iterator() {
            java.util.Iterator<T> it = values.iterator();
            return new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public T next() {
                    return it.next();
                }
            };
        }

        @Override
        public int size() {
            return values.size();
        }

        @Override
        public boolean isEmpty() {
            return values.isEmpty();
        }

        @Override
        public boolean contains(Object o) {
            return values.contains(o);
        }
    }

    /**
     * The selectivity class of a tag letter, lower for tags whose values usually name few events, as
     * strfry ranks them: {@code 0} for {@code e E q} (event ids), {@code 1} for {@code a A i I g r}
     * (addresses, external ids, geohashes, URLs), {@code 2} for {@code d}, {@code 3} for every other
     * letter, {@code 4} for {@code p} (a popular key is tagged by very many events).
     *
     * @param letter a single-letter tag name
     * @return the class, 0 (most selective) to 4
     */
    public static int tagClassRank(String letter) {
        return switch (letter) {
            case "e", "E", "q" -> 0;
            case "a", "A", "i", "I", "g", "r" -> 1;
            case "d" -> 2;
            case "p" -> 4;
            default -> 3;
        };
    }

    /**
     * The letters of this filter's tag conditions, most selective first: by {@link #tagClassRank(String)},
     * ties in insertion order. This is the one rule by which every planner picks the tag condition that
     * drives an index (see the class description). Deterministic: it depends only on the letters and their
     * insertion order, never on hashing.
     *
     * @return the tag letters in planning order; empty without tag conditions
     */
    public List<String> tagsBySelectivity() {
        List<String> letters = new ArrayList<>(tags.keySet());
        letters.sort(java.util.Comparator.comparingInt(Filter::tagClassRank)); // stable: ties keep insertion order
        return letters;
    }

    /**
     * The tag condition an index over tag values should serve this filter by: the first of
     * {@link #tagsBySelectivity()}.
     *
     * @return the tag letter, or {@code null} without tag conditions
     */
    public @Nullable String indexTag() {
        String best = null;
        int bestRank = Integer.MAX_VALUE;
        for (String letter : tags.keySet()) {
            int rank = tagClassRank(letter);
            if (rank < bestRank) {
                best = letter;
                bestRank = rank;
            }
        }
        return best;
    }

    /**
     * Whether {@code event} satisfies every condition of this filter ({@code limit} aside).
     *
     * @param event the event
     * @return whether {@code event} satisfies every condition of this filter ({@code limit} aside)
     */
    public boolean matches(Event event) {
        if (ids != null && !ids.contains(event.id())) {
            return false;
        }
        if (authors != null && !authors.contains(event.pubkey())) {
            return false;
        }
        if (kinds != null && !kinds.contains(event.kind())) {
            return false;
        }
        if (since != null && event.createdAt() < since) {
            return false;
        }
        if (until != null && event.createdAt() > until) {
            return false;
        }
        if (!tags.isEmpty()) {
            // behind the check, no iterator per call: this runs for every candidate event of a query
            for (Map.Entry<String, Set<String>> condition : tags.entrySet()) {
                if (!matchesTag(event, condition.getKey(), condition.getValue())) {
                    return false;
                }
            }
        }
        return search == null || ParsedSearches.terms(search).matches(event.content());
    }

    private static boolean matchesTag(Event event, String name, Set<String> values) {
        List<List<String>> eventTags = event.tags();
        for (int i = 0, n = eventTags.size(); i < n; i++) {
            List<String> tag = eventTags.get(i);
            if (tag.size() > 1 && tag.get(0).equals(name) && values.contains(tag.get(1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@return whether some event matching {@code filters} may exist: false when one of them is certain to match none}
     */
    public boolean canMatch() {
        if (limit != null && limit == 0) {
            return false;
        }
        if ((ids != null && ids.isEmpty()) || (authors != null && authors.isEmpty())
                || (kinds != null && kinds.isEmpty())) {
            return false;
        }
        for (Set<String> values : tags.values()) {
            if (values.isEmpty()) {
                return false;
            }
        }
        return since == null || until == null || since <= until;
    }

    /**
     * Whether {@code event} matches at least one of {@code filters}.
     *
     * @param filters the filters; an event matches if it matches any of them
     * @param event the event
     * @return whether {@code event} matches at least one of {@code filters}
     */
    public static boolean anyMatches(Collection<Filter> filters, Event event) {
        for (Filter f : filters) {
            if (f.matches(event)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@return a copy with {@code limit} replaced ({@code null} for none)}
     *
     * @param newLimit the new {@code limit}, or {@code null} for none
     */
    public Filter withLimit(@Nullable Integer newLimit) {
        return new Filter(ids, authors, kinds, tags, since, until, newLimit, search);
    }

    /**
     * {@return a copy with {@code until} replaced ({@code null} for none)}
     *
     * @param newUntil the new {@code until}, or {@code null} for none
     */
    public Filter withUntil(Long newUntil) {
        return new Filter(ids, authors, kinds, tags, since, newUntil, limit, search);
    }

    /**
     * {@return a copy with {@code kinds} replaced ({@code null} for none)}
     *
     * @param newKinds the new {@code kinds}, or {@code null} for any kind
     */
    public Filter withKinds(Set<Integer> newKinds) {
        return new Filter(ids, authors, newKinds, tags, since, until, limit, search);
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private @Nullable Set<String> ids;
        private @Nullable Set<String> authors;
        private @Nullable Set<Integer> kinds;
        private final Map<String, Set<String>> tags = new LinkedHashMap<>();
        private @Nullable Long since;
        private @Nullable Long until;
        private @Nullable Integer limit;
        private @Nullable String search;

        private Builder() {
        }

        /**
         * Matches events with one of these ids.
         *
         * @param values event ids (64 lowercase hex characters each)
         * @return this builder
         */
        public Builder ids(String... values) {
            return ids(java.util.List.of(values));
        }

        /**
         * Matches events with one of these ids.
         *
         * @param values event ids (64 lowercase hex characters each)
         * @return this builder
         */
        public Builder ids(Collection<String> values) {
            ids = new LinkedHashSet<>(values);
            return this;
        }

        /**
         * Matches events by one of these authors.
         *
         * @param values authors' public keys (64 lowercase hex characters each)
         * @return this builder
         */
        public Builder authors(String... values) {
            return authors(java.util.List.of(values));
        }

        /**
         * Matches events by one of these authors.
         *
         * @param values authors' public keys (64 lowercase hex characters each)
         * @return this builder
         */
        public Builder authors(Collection<String> values) {
            authors = new LinkedHashSet<>(values);
            return this;
        }

        /**
         * Matches events of one of these kinds.
         *
         * @param values event kinds (0-65535)
         * @return this builder
         */
        public Builder kinds(Integer... values) {
            return kinds(java.util.List.of(values));
        }

        /**
         * Matches events of one of these kinds.
         *
         * @param values event kinds (0-65535)
         * @return this builder
         */
        public Builder kinds(Collection<Integer> values) {
            kinds = new LinkedHashSet<>(values);
            return this;
        }

        /**
         * Adds the condition {@code #letter: values}.
         *
         * @param letter the single-letter tag name
         * @param values the values
         * @return this builder
         */
        public Builder tag(String letter, String... values) {
            return tag(letter, java.util.List.of(values));
        }

        /**
         * Matches events with a tag {@code letter} whose value is one of {@code values} (NIP-01 {@code #letter}).
         *
         * @param letter the single-letter tag name
         * @param values the tag values
         * @return this builder
         */
        public Builder tag(String letter, Collection<String> values) {
            tags.put(letter, new LinkedHashSet<>(values));
            return this;
        }

        /**
         * Matches events created at or after this time.
         *
         * @param value seconds since the epoch
         * @return this builder
         */
        public Builder since(long value) {
            since = value;
            return this;
        }

        /**
         * Matches events created at or before this time.
         *
         * @param value seconds since the epoch
         * @return this builder
         */
        public Builder until(long value) {
            until = value;
            return this;
        }

        /**
         * Returns at most this many stored events, the newest.
         *
         * @param value the most events (not negative)
         * @return this builder
         */
        public Builder limit(int value) {
            limit = value;
            return this;
        }

        /**
         * Matches events whose content holds every term of a NIP-50 search string (see {@link SearchTerms}).
         *
         * @param value the search string
         * @return this builder
         */
        public Builder search(String value) {
            search = value;
            return this;
        }

        /**
         * Builds the filter from this builder's settings.
         *
         * @return a new {@link Filter}
         * @throws IllegalArgumentException naming the field that breaks a rule
         */
        public Filter build() {
            return new Filter(ids, authors, kinds, tags, since, until, limit, search);
        }
    }
}
