package io.reactivestore.examples;

import io.reactivestore.relay.NostrRelay;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A runnable Nostr relay: {@code mvn -B -q -pl examples -am -DskipTests package exec:exec}, then point a
 * Nostr client at the {@code ws://} URL it prints. Options come from flags or environment variables
 * ({@code --help} lists them; pass flags with {@code -Dexample.args="--port 8080"}). Ctrl-C shuts it down
 * gracefully: in-flight events are stored and answered, then the store is closed.
 */
public final class RelayServer {

    private RelayServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(RelayServerSettings.help());
            return;
        }
        RelayServerSettings settings;
        try {
            settings = RelayServerSettings.parse(args, System::getenv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        EventStore store = openStore(settings);
        NostrRelay relay = NostrRelay.start(store, settings.relayOptions().build()).block(Duration.ofSeconds(30));
        System.out.println("Nostr relay listening on " + relay.url() + "  (Ctrl-C to stop)");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            relay.shutdown().block(Duration.ofSeconds(30));
            stopped.countDown();
        }, "relay-shutdown"));
        stopped.await();
    }

    /**
     * The store the settings ask for. The H2 and PostgreSQL backends are not part of this build yet, so
     * every choice runs on the in-memory store for now, and the output says so.
     */
    private static EventStore openStore(RelayServerSettings settings) {
        if (settings.inMemory()) {
            System.out.println("Store: in memory (events are lost when the relay stops)");
        } else if (!settings.postgresUrl().isBlank()) {
            System.out.println("Store: in memory. The PostgreSQL backend is not in this build yet, so "
                    + settings.postgresUrl() + " is not used; events are lost when the relay stops");
        } else {
            System.out.println("Store: in memory. The embedded H2 backend is not in this build yet, so "
                    + settings.dataDir().toAbsolutePath() + " is not used; events are lost when the relay stops");
        }
        return MemoryEventStore.create();
    }
}
