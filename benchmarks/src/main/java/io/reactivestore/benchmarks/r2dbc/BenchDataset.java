package io.reactivestore.benchmarks.r2dbc;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic relay dataset written once to NDJSON: really signed events by 1 000 authors over one
 * year; 85% kind-1 notes (hashtag {@code t} from 200 values, a {@code p} mention, an {@code e} reply),
 * 10% kind-7 reactions, 5% kind-0 profiles (replaceable). A sample of 1 000 ids is kept alongside.
 */
final class BenchDataset {

    static final int AUTHORS = 1000;
    private static final String[] WORDS = {"nostr", "relay", "zap", "bitcoin", "gm", "hello", "world", "café",
        "über", "日本語", "🚀", "\"quoted\"", "line\nbreak", "https://example.com/a?b=c", "#hashtag", "'; --"};

    final Path events;
    final Path ids;
    final String firstAuthor;

    private BenchDataset(Path events, Path ids, String firstAuthor) {
        this.events = events;
        this.ids = ids;
        this.firstAuthor = firstAuthor;
    }

    /** The dataset of {@code count} events in {@code dir}, generated if it is not there yet. */
    static BenchDataset ensure(Path dir, int count) throws IOException {
        Path events = dir.resolve("events-" + count + ".jsonl");
        Path ids = dir.resolve("events-" + count + ".ids");
        Path author = dir.resolve("events-" + count + ".author");
        if (Files.exists(events) && Files.exists(ids) && Files.exists(author)) {
            return new BenchDataset(events, ids, Files.readString(author).strip());
        }
        Files.createDirectories(dir);
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(42);
        List<KeyPair> keys = new ArrayList<>(AUTHORS);
        for (int i = 0; i < AUTHORS; i++) {
            keys.add(KeyPair.generate());
        }
        List<String> sample = new ArrayList<>();
        String previous = "00".repeat(32);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(events), 1 << 16)) {
            for (int i = 0; i < count; i++) {
                Event e = keys.get(random.nextInt(AUTHORS)).sign(next(random, keys, previous));
                out.write(e.jsonBytes());
                out.write('\n');
                previous = e.id();
                if (i % Math.max(1, count / 1000) == 0 && e.kind() == 1) {
                    sample.add(e.id());
                }
            }
        }
        Files.write(ids, sample);
        Files.writeString(author, keys.get(0).publicKey());
        System.out.printf("generated %,d signed events in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
        return new BenchDataset(events, ids, keys.get(0).publicKey());
    }

    private static UnsignedEvent next(SplittableRandom random, List<KeyPair> keys, String previous) {
        long createdAt = 1_700_000_000L + random.nextInt(31_536_000);
        int dice = random.nextInt(100);
        if (dice < 5) {
            return new UnsignedEvent(createdAt, 0, List.of(), "{\"name\":\"user" + random.nextInt(100_000) + "\"}");
        }
        if (dice < 15) {
            return new UnsignedEvent(createdAt, 7, List.of(), "+").withTag("e", previous)
                    .withTag("p", keys.get(random.nextInt(AUTHORS)).publicKey());
        }
        StringBuilder content = new StringBuilder();
        while (content.length() < 80 + random.nextInt(250)) {
            content.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return new UnsignedEvent(createdAt, 1, List.of(), content.toString())
                .withTag("t", "topic" + random.nextInt(200))
                .withTag("p", keys.get(random.nextInt(AUTHORS)).publicKey())
                .withTag("e", previous, "", "reply");
    }
}
