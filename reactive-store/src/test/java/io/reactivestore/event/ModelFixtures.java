package io.reactivestore.event;

import java.util.List;

/** Keys and events shared by the event-model tests, here and in the relay module's message tests. */
public final class ModelFixtures {

    /** A fixed key (secret 3, as in the BIP-340 test vectors), so that failures reproduce. */
    public static final KeyPair ALICE = KeyPair.fromSecretHex("0000000000000000000000000000000000000000000000000000000000000003");
    public static final KeyPair BOB = KeyPair.fromSecretHex("00000000000000000000000000000000000000000000000000000000000000b0");

    private ModelFixtures() {
    }

    /** A signed kind-1 note by {@code key}. */
    public static Event note(KeyPair key, long createdAt, String content, List<List<String>> tags) {
        return key.sign(new UnsignedEvent(createdAt, 1, tags, content));
    }

    /** A signed event of {@code kind} by Alice with the given tags. */
    public static Event signed(int kind, long createdAt, List<List<String>> tags) {
        return ALICE.sign(new UnsignedEvent(createdAt, kind, tags, "content of " + kind));
    }

    /** A signed note with escapes, non-ASCII text and two tags. */
    public static final Event SIGNED = note(ALICE, 1_700_000_000, "hello \"world\"\n\u00e9\uD83D\uDE80",
            List.of(List.of("t", "nostr"), List.of("p", BOB.publicKey(), "wss://relay.example/")));

    /** The signed event written by hand with odd key order, whitespace, escapes and unknown fields. */
    public static String oddlyFormatted(Event e) {
        return "{ \"sig\" : \"" + e.sig() + "\",\n\t\"extra\": {\"nested\": [1, 2.5, null, {\"deep\": true}]},"
                + " \"content\":\"hello \\\"world\\\"\\n\\u00e9\\ud83d\\ude80\", \"tags\" : [ [\"t\",\"nostr\"] ,"
                + " [\"p\",\"" + BOB.publicKey() + "\",\"wss:\\/\\/relay.example\\/\"]],"
                + "\"kind\":1, \"created_at\":1700000000 ,\"pubkey\":\"" + e.pubkey() + "\",\"id\":\"" + e.id()
                + "\", \"zzz\": \"unknown\" }";
    }
}
