package io.reactivestore.examples.readme;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.client.OkResult;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelayClientOptions;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.relay.client.SubscriptionItem;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.List;
import reactor.core.Disposable;

/** README, "Relay client": publish, subscribe (kept open), fetch, count, then close, against a loopback relay. */
public final class RelayClientUsage {

    private RelayClientUsage() {
    }

    /**
     * Runs the README's client code against a relay started on a free loopback port.
     *
     * @param args ignored
     * @throws IllegalStateException if the relay did not answer as the README says
     */
    @SuppressWarnings("NullAway") // README snippet: block() on a Mono that always emits; null checks would clutter it
    public static void main(String[] args) {
        NostrRelay relay = NostrRelay.start(MemoryEventStore.create(), RelayOptions.builder().port(0).build())
                .block(Duration.ofSeconds(10));
        try {
            String relayUrl = relay.url();
            KeyPair keys = KeyPair.generate();
            // tag::relay-client[]
            RelayClient client = RelayClient.create(RelayClientOptions.builder(relayUrl)
                    .authKey(keys)                                        // optional: answers NIP-42 AUTH challenges
                    .build());
            Disposable subscription = client.subscribe(Filter.builder().kinds(1).limit(50).build())
                    .subscribe(item -> {                                  // runs until disposed, not just in this block
                        if (item instanceof SubscriptionItem.Stored s) {
                            System.out.println("stored " + s.event().content());
                        } else if (item instanceof SubscriptionItem.EndOfStored) {
                            System.out.println("end of stored events");  // the EOSE point
                        } else if (item instanceof SubscriptionItem.Live l) {
                            System.out.println("live " + l.event().content());
                        }
                    });
            OkResult ok = client.publish(keys.sign(UnsignedEvent.of(1, "hello")))
                    .block(Duration.ofSeconds(10));                       // ok.accepted(), ok.prefix(), ok.message()
            List<Event> mine = client.fetch(Filter.builder().authors(keys.publicKey()).build())
                    .collectList().block(Duration.ofSeconds(10));         // stored events, up to EOSE
            long notes = client.count(Filter.builder().kinds(1).build()).block(Duration.ofSeconds(10)); // NIP-45

            // when the application stops:
            subscription.dispose();                                       // sends CLOSE
            client.close().block(Duration.ofSeconds(10));                 // or client.closeBlocking()
            // end::relay-client[]
            if (!ok.accepted() || mine.size() != 1 || notes != 1) {
                throw new IllegalStateException("unexpected answers: " + ok + ", " + mine + ", " + notes);
            }
        } finally {
            relay.shutdown().block(Duration.ofSeconds(30));
        }
    }
}
