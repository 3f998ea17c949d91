package io.reactivestore.benchmarks.relay;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Signed events for the load generator, produced before any timing: {@code authors} keys, kind 1,
 * one {@code t} tag out of {@value #TOPICS} topics, {@code created_at} spread over the last hours.
 */
final class Workload {

    static final int TOPICS = 50;

    final List<KeyPair> authors;
    final List<Event> events;

    private Workload(List<KeyPair> authors, List<Event> events) {
        this.authors = authors;
        this.events = events;
    }

    static Workload generate(int count, int authorCount, String runTag) {
        List<KeyPair> authors = IntStream.range(0, authorCount).mapToObj(i -> KeyPair.generate()).toList();
        long now = System.currentTimeMillis() / 1000;
        List<Event> events = IntStream.range(0, count).parallel()
                .mapToObj(i -> authors.get(i % authorCount).sign(new UnsignedEvent(now - 7200 + (i % 7000), 1,
                        List.of(List.of("t", topic(i))), "bench " + runTag + " " + i)))
                .toList();
        return new Workload(authors, events);
    }

    /** Events for a live fan-out run: kind 1 tagged {@code ["t", tag]}. */
    static List<Event> tagged(int count, String tag) {
        KeyPair key = KeyPair.generate();
        long now = System.currentTimeMillis() / 1000;
        return IntStream.range(0, count).parallel()
                .mapToObj(i -> key.sign(new UnsignedEvent(now, 1, List.of(List.of("t", tag)), "fan-out " + i)))
                .toList();
    }

    static String topic(int i) {
        return "topic-" + (i % TOPICS);
    }
}
