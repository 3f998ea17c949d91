package io.reactivestore.examples.outbox;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.outbox.OutboxEvent;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;

/**
 * Turns outbox events into signed Nostr events for a relay: kind {@value #KIND} (NIP-78 application data, an
 * addressable kind) with tag {@code d} = the outbox id, tag {@code t} = the outbox type, and the data in Base64 as
 * content. Being addressable by its id, a republished event replaces its earlier copy on the relay instead of
 * piling up next to it, whatever its {@code created_at}.
 */
public final class NostrOutboxEvents {

    /** NIP-78: arbitrary custom app data, addressable. */
    public static final int KIND = 30078;

    private final KeyPair keys;
    private final Clock clock;

    public NostrOutboxEvents(KeyPair keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The signed Nostr event carrying {@code event}, created now. */
    public Event toNostr(OutboxEvent event) {
        return keys.sign(UnsignedEvent.of(KIND, Base64.getEncoder().encodeToString(event.data()))
                .withTag("d", event.id().toString())
                .withTag("t", event.type())
                .withCreatedAt(clock.instant().getEpochSecond()));
    }
}
