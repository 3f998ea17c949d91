package io.reactivestore.relay.server;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelayClientOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Starts relays on loopback port 0 with an in-memory store and shuts them all down after each test. */
final class RelayHarness implements AutoCloseable {

    private final List<NostrRelay> relays = new ArrayList<>();
    private final List<RawClient> clients = new ArrayList<>();
    private final List<RelayClient> relayClients = new ArrayList<>();

    NostrRelay start(EventStore store, Consumer<RelayOptions.Builder> options) {
        // Wall-clock budgets off unless a test turns them on: a loaded machine must not make other tests flaky
        // (every client of a test shares 127.0.0.1, and a paused reader would not answer pings).
        RelayOptions.Builder builder = RelayOptions.builder().port(0).expirationPurgeInterval(Duration.ZERO)
                .eventsPerSecondPerIp(0).requestsPerSecondPerIp(0).pingInterval(Duration.ZERO);
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

    /** The project's own client for {@code relay} (not connected yet: it connects on first use), closed after the test. */
    RelayClient client(NostrRelay relay) {
        return client(RelayClient.create(relay.url()));
    }

    /** A client built from {@code options}, closed after the test. */
    RelayClient client(RelayClientOptions options) {
        return client(RelayClient.create(options));
    }

    private RelayClient client(RelayClient client) {
        relayClients.add(client);
        return client;
    }

    RawClient connect(NostrRelay relay) {
        RawClient client = RawClient.connect(relay.url());
        clients.add(client);
        client.next(io.reactivestore.relay.message.RelayMessage.AuthChallenge.class);
        return client;
    }

    /** Connects from {@code origin} (a local 127.x address, headers) and takes the AUTH challenge. */
    RawClient connect(NostrRelay relay, RawClient.Origin origin) {
        RawClient client = RawClient.connect(relay.url(), origin);
        clients.add(client);
        client.next(io.reactivestore.relay.message.RelayMessage.AuthChallenge.class);
        return client;
    }

    /** Closes {@code client} with the others after the test (for clients a test connected itself). */
    RawClient track(RawClient client) {
        clients.add(client);
        return client;
    }

    RawClient connectPaused(NostrRelay relay) {
        RawClient client = RawClient.connectPaused(relay.url());
        clients.add(client);
        return client;
    }

    /**
     * Waits on the test thread for {@code future}, at most {@code wait}. Futures completed on event loops
     * are never given {@code orTimeout}/{@code completeOnTimeout}: those attach a canceller that runs on the
     * completing thread and takes the JDK delay scheduler's queue lock there; when that lock is contended,
     * BlockHound throws out of the lock acquisition, which leaves the lock's wait queue broken, and a later
     * timeout anywhere in the JVM then waits forever.
     */
    static <T> T await(CompletableFuture<T> future, Duration wait) {
        try {
            return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("not done within " + wait, e);
        }
    }

    /** {@link #await(CompletableFuture, Duration)} for {@link RawClient#WAIT}. */
    static <T> T await(CompletableFuture<T> future) {
        return await(future, RawClient.WAIT);
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
        relayClients.forEach(RelayClient::closeBlocking);
        clients.forEach(RawClient::close);
        for (NostrRelay relay : relays) {
            relay.shutdown().block(Duration.ofSeconds(30));
        }
    }
}
