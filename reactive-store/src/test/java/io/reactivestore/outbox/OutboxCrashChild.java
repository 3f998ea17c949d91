package io.reactivestore.outbox;

import io.r2dbc.spi.Connection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The child JVM of {@link OutboxCrashSafetyTest}: opens an outbox, stores event A, stores event B and marks it
 * broadcast, prints {@code ACK <idA> <idB>} once all of that is acknowledged, then waits to be killed.
 *
 * <p>Arguments: {@code h2 <directory> <fileName>} or {@code postgresql <host> <port> <database> <user>}.
 */
final class OutboxCrashChild {

    static final OutboxConfig CONFIG = OutboxConfig.builder().eventTypes("vote").build();
    static final byte[] EVENT_A = "deposit 1 at block 10".getBytes(StandardCharsets.UTF_8);
    static final byte[] EVENT_B = "deposit 2 at block 11".getBytes(StandardCharsets.UTF_8);

    private OutboxCrashChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        OutboxStore<Connection> store = (args[0].equals("h2")
                ? SqlOutbox.h2File(Path.of(args[1]), args[2], CONFIG)
                : SqlOutbox.postgres(args[1], Integer.parseInt(args[2]), args[3], args[4], "", CONFIG))
                .block(Duration.ofSeconds(60));
        StoreResult a = store.store(EVENT_A, "vote").block(Duration.ofSeconds(60));
        StoreResult b = store.store(EVENT_B, "vote").block(Duration.ofSeconds(60));
        store.markBroadcasted(List.of(b.id())).block(Duration.ofSeconds(60));
        System.out.println("ACK " + a.id() + " " + b.id());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // until SIGKILL
    }
}
