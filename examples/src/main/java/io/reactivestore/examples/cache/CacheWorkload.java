package io.reactivestore.examples.cache;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A random Nostr workload whose popularity follows a Zipf law: author of rank {@code r} (1-based) is
 * written and read with probability proportional to {@code 1 / r^s}. Events are really signed. Used by
 * the {@code CacheTester} example and the layered-store benchmarks. Not thread-safe (one generator
 * per thread).
 */
public final class CacheWorkload {

    private static final int TOPICS = 50;

    private final List<KeyPair> authors;
    private final double[] cumulative;
    private final Random random;
    private long clock;

    /**
     * @param authors how many authors
     * @param exponent the Zipf exponent {@code s} (1.0 is the classic law)
     * @param seed seed of the random choices
     * @param startTime {@code created_at} of the first event; each new event is one second later
     */
    public CacheWorkload(int authors, double exponent, long seed, long startTime) {
        this.authors = IntStream.range(0, authors).mapToObj(i -> KeyPair.generate()).toList();
        this.cumulative = new double[authors];
        double sum = 0;
        for (int i = 0; i < authors; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            cumulative[i] = sum;
        }
        for (int i = 0; i < authors; i++) {
            cumulative[i] /= sum;
        }
        this.random = new Random(seed);
        this.clock = startTime;
    }

    /** An author drawn by the Zipf law. */
    public KeyPair someAuthor() {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return authors.get(Math.min(i < 0 ? -i - 1 : i, authors.size() - 1));
    }

    /**
     * {@code count} events by Zipf-drawn authors, signed on all cores (call it from a main thread, not
     * from a Reactor thread): mostly kind-1 notes with a topic tag, one in twenty a kind-0 profile.
     */
    public List<Event> history(int count) {
        long first = clock;
        clock += count;
        long seed = random.nextLong();
        KeyPair[] drawn = IntStream.range(0, count).mapToObj(i -> someAuthor()).toArray(KeyPair[]::new);
        return IntStream.range(0, count).parallel()
                .mapToObj(i -> drawn[i].sign(unsigned(new Random(seed + i), first + i)))
                .toList();
    }

    /** One new event, one second after the previous one. */
    public Event newEvent() {
        return someAuthor().sign(unsigned(random, clock++));
    }

    private static UnsignedEvent unsigned(Random random, long createdAt) {
        if (random.nextInt(20) == 0) {
            return new UnsignedEvent(createdAt, 0, List.of(), "{\"name\":\"v" + createdAt + "\"}");
        }
        return new UnsignedEvent(createdAt, 1, List.of(List.of("t", "topic" + random.nextInt(TOPICS))),
                "note " + createdAt + " " + "x".repeat(random.nextInt(300)));
    }

    /** The "author + limit 50" query of a Zipf-drawn author: what a client loading a profile asks. */
    public Filter authorQuery() {
        return Filter.builder().authors(someAuthor().publicKey()).limit(50).build();
    }

    /**
     * A random query: an author's latest 50 (half the time), a topic's latest 30, a profile, or one
     * event of {@code known} by id.
     */
    public Filter someQuery(List<Event> known) {
        int pick = random.nextInt(8);
        if (pick < 4) {
            return authorQuery();
        }
        if (pick < 6) {
            return Filter.builder().kinds(1).tag("t", "topic" + random.nextInt(TOPICS)).limit(30).build();
        }
        if (pick < 7) {
            return Filter.builder().authors(someAuthor().publicKey()).kinds(0).build();
        }
        return Filter.builder().ids(known.get(random.nextInt(known.size())).id()).build();
    }

    /** A random int in {@code [0, bound)} from this workload's generator. */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
