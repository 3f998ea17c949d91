package io.reactivestore.benchmarks.model;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Really signed events shaped like typical kind-1 notes (a few hundred characters of mixed text, a
 * hashtag, a reply and a mention), for the benchmarks that verify or parse. Deterministic content;
 * signatures use fresh auxiliary randomness, which does not change their cost.
 */
final class SampleEvents {

    private static final String[] WORDS = {"nostr", "relay", "zap", "bitcoin", "gm", "hello", "world", "café",
        "über", "日本語", "🚀", "\"quoted\"", "line\nbreak", "tab\there", "https://example.com/a?b=c", "#hashtag"};

    private SampleEvents() {
    }

    /** {@code count} signed notes by {@code authors} distinct keys. */
    static List<Event> signedNotes(int count, int authors, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<KeyPair> keys = new ArrayList<>(authors);
        for (int i = 0; i < authors; i++) {
            keys.add(KeyPair.generate());
        }
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            KeyPair key = keys.get(random.nextInt(authors));
            KeyPair other = keys.get(random.nextInt(authors));
            StringBuilder content = new StringBuilder();
            while (content.length() < 200 + random.nextInt(200)) {
                content.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            UnsignedEvent unsigned = new UnsignedEvent(1_700_000_000L + random.nextInt(31_536_000), 1, List.of(),
                    content.toString())
                    .withTag("t", "topic" + random.nextInt(300))
                    .withTag("p", other.publicKey(), "wss://relay.example.com/")
                    .withTag("client", "bench");
            events.add(key.sign(unsigned));
        }
        return events;
    }
}
