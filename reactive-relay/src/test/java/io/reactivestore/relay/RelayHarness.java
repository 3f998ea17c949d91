package io.reactivestore.relay;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Starts relays on loopback port 0 with an in-memory store and shuts them all down after each test. */
final class RelayHarness implements AutoCloseable {

    private final List<NostrRelay> relays = new ArrayList<>();
    private final List<RawClient> clients = new ArrayList<>();

    NostrRelay start(EventStore store, Consumer<RelayOptions.Builder> options) {
        RelayOptions.Builder builder = RelayOptions.builder().port(0).expirationPurgeInterval(Duration.ZERO);
        options.accept(builder);
        NostrRelay relay = NostrRelay.start(store, builder.build()).block(RawClient.WAIT);
        relays.add(relay);
        return relay;
    }

    NostrRelay start(Consumer<RelayOptions.Builder> options) {
        return start(MemoryEventStore.create(), options);
    }

    NostrRelay start() {
        return start(options -> { });
    }

    RawClient connect(NostrRelay relay) {
        RawClient client = RawClient.connect(relay.url());
        clients.add(client);
        client.next(io.reactivestore.event.RelayMessage.AuthChallenge.class);
        return client;
    }

    RawClient connectPaused(NostrRelay relay) {
        RawClient client = RawClient.connectPaused(relay.url());
        clients.add(client);
        return client;
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static Event note(KeyPair keys, String content) {
        return keys.sign(new UnsignedEvent(now(), 1, List.of(), content));
    }

    static Event signed(KeyPair keys, int kind, long createdAt, String content, List<List<String>> tags) {
        return keys.sign(new UnsignedEvent(createdAt, kind, tags, content));
    }

    @Override
    public void close() {
        clients.forEach(RawClient::close);
        for (NostrRelay relay : relays) {
            relay.shutdown().block(Duration.ofSeconds(30));
        }
    }
}
