package io.reactivestore.benchmarks.memory;

import io.reactivestore.event.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic, relay-like event set for store benchmarks, generated in seconds.
 *
 * <p>Shape: {@value #AUTHORS} authors whose activity follows a Zipf law (exponent 1: the busiest author
 * writes about 10% of all events, most write a few dozen); kinds 1 (notes, 60%), 7 (reactions, 25%),
 * 6 (reposts, 8%), 1111 (comments, 5%) and 30023 (articles, 2%, each with its own {@code d} tag, so
 * none replaces another); {@value #TOPICS} {@code t} values, also Zipf-distributed, on about half the
 * notes and on every comment and article; reactions, reposts, replies and comments carry {@code e} and
 * {@code p} tags pointing at earlier events and their authors; {@code created_at} uniform over one year.
 *
 * <p>Ids are the real NIP-01 hashes, but signatures are random well-formed hex: stores trust their
 * callers and never verify, so signing a million events (about 40 s on one core) would only slow
 * the setup down. Never use these events where signatures are checked.
 */
final class SyntheticDataset {

    static final int AUTHORS = 10_000;
    static final int TOPICS = 300;
    static final long START = 1_700_000_000L;
    static final long YEAR = 365L * 24 * 3600;

    private static final String[] WORDS = {"nostr", "relay", "zap", "bitcoin", "gm", "hello", "world", "café",
        "über", "日本語", "🚀", "\"quoted\"", "line\nbreak", "https://example.com/a?b=c", "lightning", "the", "a",
        "of", "and", "to", "is", "this", "that", "with"};

    final String[] authors;
    final String[] topics;
    final Event[] events;
    private final double[] authorCdf;
    private final double[] topicCdf;

    private SyntheticDataset(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        authors = new String[AUTHORS];
        for (int i = 0; i < AUTHORS; i++) {
            authors[i] = randomHex(random, 32);
        }
        topics = new String[TOPICS];
        for (int i = 0; i < TOPICS; i++) {
            topics[i] = "topic" + i;
        }
        authorCdf = zipfCdf(AUTHORS);
        topicCdf = zipfCdf(TOPICS);
        events = new Event[size];
        for (int i = 0; i < size; i++) {
            events[i] = next(random, i);
        }
    }

    /** {@code size} events from {@code seed}; the same arguments give the same events. */
    static SyntheticDataset generate(int size, long seed) {
        return new SyntheticDataset(size, seed);
    }

    /** An author drawn by activity: busy authors come up as often as they write. */
    String activeAuthor(SplittableRandom random) {
        return authors[draw(authorCdf, random)];
    }

    /** An author drawn uniformly: mostly quiet ones. */
    String anyAuthor(SplittableRandom random) {
        return authors[random.nextInt(AUTHORS)];
    }

    /** A topic drawn by popularity. */
    String popularTopic(SplittableRandom random) {
        return topics[draw(topicCdf, random)];
    }

    private Event next(SplittableRandom random, int index) {
        String pubkey = authors[draw(authorCdf, random)];
        long createdAt = START + random.nextLong(YEAR);
        int roll = random.nextInt(100);
        List<List<String>> tags = new ArrayList<>(4);
        int kind;
        String content;
        if (roll < 60) {
            kind = 1;
            content = text(random, 20 + random.nextInt(280));
            if (random.nextBoolean()) {
                addTopics(random, tags, 1 + random.nextInt(3));
            }
            if (index > 0 && random.nextInt(10) < 3) {
                addReference(random, tags, index);
            }
        } else if (roll < 85) {
            kind = 7;
            content = random.nextInt(4) == 0 ? "🤙" : "+";
            addReference(random, tags, index);
        } else if (roll < 93) {
            kind = 6;
            content = "";
            addReference(random, tags, index);
        } else if (roll < 98) {
            kind = 1111;
            content = text(random, 20 + random.nextInt(200));
            addReference(random, tags, index);
            addTopics(random, tags, 1);
        } else {
            kind = 30023;
            content = text(random, 1000 + random.nextInt(3000));
            tags.add(List.of("d", "article-" + index));
            tags.add(List.of("title", text(random, 30)));
            addTopics(random, tags, 2);
        }
        String id = Event.computeId(pubkey, createdAt, kind, tags, content);
        return Event.of(id, pubkey, createdAt, kind, tags, content, randomHex(random, 64));
    }

    private void addTopics(SplittableRandom random, List<List<String>> tags, int count) {
        for (int i = 0; i < count; i++) {
            tags.add(List.of("t", topics[draw(topicCdf, random)]));
        }
    }

    /** An {@code e} tag to an earlier event and a {@code p} tag to its author; none for the first event. */
    private void addReference(SplittableRandom random, List<List<String>> tags, int index) {
        if (index == 0) {
            return;
        }
        Event target = events[random.nextInt(index)];
        tags.add(List.of("e", target.id(), "", "root"));
        tags.add(List.of("p", target.pubkey()));
    }

    private static String text(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return text.toString();
    }

    private static String randomHex(SplittableRandom random, int bytes) {
        byte[] raw = new byte[bytes];
        for (int i = 0; i < bytes; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8 && i + j < bytes; j++) {
                raw[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return HexFormat.of().formatHex(raw);
    }

    /** Cumulative Zipf (exponent 1) probabilities over ranks 1..n. */
    private static double[] zipfCdf(int n) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int rank = 1; rank <= n; rank++) {
            sum += 1.0 / rank;
            cdf[rank - 1] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    private static int draw(double[] cdf, SplittableRandom random) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(i >= 0 ? i : -i - 1, cdf.length - 1);
    }
}
