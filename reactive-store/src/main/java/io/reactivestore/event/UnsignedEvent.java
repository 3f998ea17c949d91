package io.reactivestore.event;

import java.util.List;
import java.util.Objects;

/**
 * The fields of an event before it is signed: what a client composes and {@link KeyPair#sign} turns
 * into an {@link Event}. The public key comes from the signing key.
 *
 * @param createdAt unix seconds, non-negative
 * @param kind 0-65535
 * @param tags lists of non-null strings
 * @param content any text
 */
public record UnsignedEvent(long createdAt, int kind, List<List<String>> tags, String content) {

    /**
     * Validates the components (see the class comment).
     *
     * @param createdAt unix seconds, non-negative
     * @param kind 0-65535
     * @param tags lists of non-null strings
     * @param content any text
     */
    public UnsignedEvent {
        if (createdAt < 0) {
            throw new InvalidEventException("created_at", "must be a non-negative integer, got " + createdAt);
        }
        if (kind < KindClass.MIN_KIND || kind > KindClass.MAX_KIND) {
            throw new InvalidEventException("kind", "must be within 0-65535, got " + kind);
        }
        tags = tags.stream().map(List::copyOf).toList();
        Objects.requireNonNull(content, "content");
    }

    /**
     * An event of {@code kind} with {@code content}, no tags, created now.
     *
     * @param kind the event kind (0-65535)
     * @param content the content
     * @return an event of {@code kind} with {@code content}, no tags, created now
     */
    public static UnsignedEvent of(int kind, String content) {
        return new UnsignedEvent(System.currentTimeMillis() / 1000, kind, List.of(), content);
    }

    /**
     * {@return a copy created at {@code at}, in seconds since the epoch}
     *
     * @param at the creation time in seconds since the epoch
     */
    public UnsignedEvent withCreatedAt(long at) {
        return new UnsignedEvent(at, kind, tags, content);
    }

    /**
     * {@return a copy with {@code newTags} instead of its tags}
     *
     * @param newTags the tags, each a list whose first element is the tag name
     */
    public UnsignedEvent withTags(List<List<String>> newTags) {
        return new UnsignedEvent(createdAt, kind, newTags, content);
    }

    /**
     * A copy with one more tag {@code [name, values...]}.
     *
     * @param name the name
     * @param values the values
     * @return a copy with that change
     */
    public UnsignedEvent withTag(String name, String... values) {
        List<String> tag = new java.util.ArrayList<>(values.length + 1);
        tag.add(name);
        tag.addAll(List.of(values));
        List<List<String>> all = new java.util.ArrayList<>(tags);
        all.add(tag);
        return new UnsignedEvent(createdAt, kind, all, content);
    }
}
