package io.reactivestore.examples.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.outbox.OutboxEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NostrOutboxEventsTest {

    @Test
    void carriesTheOutboxEventAsAnAddressableSignedNostrEvent() {
        KeyPair keys = KeyPair.generate();
        OutboxEvent outbox = OutboxEvent.of("deposit", "block 7".getBytes(StandardCharsets.UTF_8));
        Event nostr = new NostrOutboxEvents(keys, Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC))
                .toNostr(outbox);

        assertThat(nostr.verify()).isSameAs(nostr); // throws if the id or signature were wrong
        assertThat(nostr.kind()).isEqualTo(30078);
        assertThat(nostr.pubkey()).isEqualTo(keys.publicKey());
        assertThat(nostr.createdAt()).isEqualTo(1_700_000_000L);
        assertThat(nostr.firstTagValue("d")).isEqualTo(outbox.id().toString());
        assertThat(nostr.firstTagValue("t")).isEqualTo("deposit");
        assertThat(Base64.getDecoder().decode(nostr.content())).isEqualTo(outbox.data());
    }
}
