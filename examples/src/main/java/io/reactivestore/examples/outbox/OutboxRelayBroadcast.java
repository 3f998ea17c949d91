package io.reactivestore.examples.outbox;

import io.r2dbc.spi.Connection;
import io.reactivestore.event.KeyPair;
import io.reactivestore.outbox.BroadcastReport;
import io.reactivestore.outbox.OutboxBroadcaster;
import io.reactivestore.outbox.OutboxConfig;
import io.reactivestore.outbox.OutboxStore;
import io.reactivestore.outbox.SqlOutbox;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelayClientOptions;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.memory.MemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An outbox broadcaster end to end: stores a few "deposits" in an H2 file outbox under {@code ./data}, then
 * broadcasts them to a Nostr relay with {@link OutboxBroadcaster} and prints the report. With no argument it starts
 * its own relay on loopback (in memory, a free port); with a {@code ws://} URL argument it uses that relay. Run
 * again, it finds the deposits already stored and received and publishes nothing.
 *
 * <p>Run: {@code mvn -B -q -pl examples -am -DskipTests package exec:exec
 * -Dexample.main=io.reactivestore.examples.outbox.OutboxRelayBroadcast}
 */
public final class OutboxRelayBroadcast {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private OutboxRelayBroadcast() {
    }

    public static void main(String[] args) {
        NostrRelay ownRelay = args.length > 0 ? null : NostrRelay.start(MemoryEventStore.create(),
                RelayOptions.builder().host("127.0.0.1").port(0).build()).block(TIMEOUT);
        String url = ownRelay != null ? ownRelay.url() : args[0];
        OutboxStore<Connection> outbox = Objects.requireNonNull(SqlOutbox.h2File(Path.of("data"), "outbox",
                OutboxConfig.builder().eventTypes("deposit").build()).block(TIMEOUT), "completed empty");
        RelayClient client = RelayClient.create(RelayClientOptions.builder(url).build());
        try {
            BroadcastReport report = Flux.range(1, 5)
                    .concatMap(i -> outbox.store(("deposit " + i + " at block " + (100 + i))
                            .getBytes(StandardCharsets.UTF_8), "deposit"))
                    .doOnNext(result -> System.out.println(result.outcome() + " " + result.id()))
                    .then(Mono.defer(() -> OutboxBroadcaster.builder(outbox,
                                    new RelayEventPublisher(client, new NostrOutboxEvents(KeyPair.generate(),
                                            Clock.systemUTC())))
                            .batchSize(100).maxRounds(5).retryDelay(Duration.ofSeconds(2))
                            .answerTimeout(Duration.ofSeconds(10)).build().run()))
                    .block(TIMEOUT); // a main thread may block; Reactor and Netty threads never do
            System.out.println("broadcast to " + url + ": " + report);
        } finally {
            client.closeBlocking();
            outbox.close().block(TIMEOUT);
            if (ownRelay != null) {
                ownRelay.shutdown().block(TIMEOUT);
            }
        }
    }
}
