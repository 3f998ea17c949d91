package io.reactivestore.event;

import java.util.List;

/** Keys and events shared by the event-model tests. */
final class ModelFixtures {

    /** A fixed key (secret 3, as in the BIP-340 test vectors), so that failures reproduce. */
    static final KeyPair ALICE = KeyPair.fromSecretHex("0000000000000000000000000000000000000000000000000000000000000003");
    static final KeyPair BOB = KeyPair.fromSecretHex("00000000000000000000000000000000000000000000000000000000000000b0");

    private ModelFixtures() {
    }

    /** A signed kind-1 note by {@code key}. */
    static Event note(KeyPair key, long createdAt, String content, List<List<String>> tags) {
        return key.sign(new UnsignedEvent(createdAt, 1, tags, content));
    }

    /** A signed event of {@code kind} by Alice with the given tags. */
    static Event signed(int kind, long createdAt, List<List<String>> tags) {
        return ALICE.sign(new UnsignedEvent(createdAt, kind, tags, "content of " + kind));
    }
}
