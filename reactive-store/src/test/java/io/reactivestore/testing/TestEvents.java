package io.reactivestore.testing;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import java.util.ArrayList;
import java.util.List;

/** Signed events for tests, built with real keys and real signatures. */
public final class TestEvents {

    /** Three fixed authors; generated once per test JVM. */
    public static final KeyPair ALICE = KeyPair.generate();
    public static final KeyPair BOB = KeyPair.generate();
    public static final KeyPair CAROL = KeyPair.generate();

    private TestEvents() {
    }

    /** A signed event; {@code tags} are given flat as {@code name, value} pairs. */
    public static Event event(KeyPair author, int kind, long createdAt, String content, String... tagPairs) {
        if (tagPairs.length % 2 != 0) {
            throw new IllegalArgumentException("tags come in name, value pairs");
        }
        List<List<String>> tags = new ArrayList<>();
        for (int i = 0; i < tagPairs.length; i += 2) {
            tags.add(List.of(tagPairs[i], tagPairs[i + 1]));
        }
        return author.sign(new UnsignedEvent(createdAt, kind, tags, content));
    }

    /** A kind-1 note. */
    public static Event note(KeyPair author, long createdAt, String content, String... tagPairs) {
        return event(author, 1, createdAt, content, tagPairs);
    }

    /** An addressable event (kind 30000-39999) with the given {@code d} tag, or none if {@code d} is null. */
    public static Event addressable(KeyPair author, int kind, long createdAt, String d, String content) {
        return d == null ? event(author, kind, createdAt, content) : event(author, kind, createdAt, content, "d", d);
    }
}
