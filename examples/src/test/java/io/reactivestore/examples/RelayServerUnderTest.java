package io.reactivestore.examples;

import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The example server started from command-line flags on an in-memory store, stopped after each test: the
 * set-up of the tests of {@link RelayServer}'s switches. Register it with {@code @RegisterExtension}.
 */
final class RelayServerUnderTest implements AfterEachCallback {

    /** The bound of every wait on the server. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private NostrRelay relay;

    /**
     * Starts the server as {@code RelayServer} would with {@code flags} and no environment.
     *
     * @param flags the command-line flags
     * @return the started relay, also {@link #relay()}
     */
    NostrRelay start(String... flags) {
        relay = RelayServer.start(MemoryEventStore.create(), RelayServerSettings.parse(flags, name -> null), null)
                .block(TIMEOUT);
        return relay;
    }

    /** {@return the relay the last {@link #start} started} */
    NostrRelay relay() {
        return relay;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (relay != null) {
            relay.shutdown().block(TIMEOUT);
        }
    }
}
