package io.reactivestore.relay.server;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.reactivestore.store.feed.ChangeFeed;
import io.reactivestore.store.r2dbc.postgres.PostgresNotifications;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.time.Duration;

/**
 * A cluster node in a child JVM, for {@link ClusterProcessesTest}: a relay on 127.0.0.1 (port 0) over the
 * PostgreSQL database named by the arguments, following the change feed. Prints {@code READY <port>} once
 * it accepts connections, then runs until killed or until its parent process exits.
 */
public final class ClusterNodeProcess {

    private ClusterNodeProcess() {
    }

    /**
     * Runs the node.
     *
     * @param args host, port, database, user, password of PostgreSQL, and the node's name
     * @throws InterruptedException never in practice (the main thread waits for its parent's exit)
     */
    public static void main(String[] args) throws InterruptedException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        R2dbcEventStore store = R2dbcEventStores.postgres(host, port, args[2], args[3], args[4])
                .block(Duration.ofSeconds(60));
        PostgresqlConnectionFactory listen = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration
                .builder().host(host).port(port).database(args[2]).username(args[3]).password(args[4])
                .applicationName("listen-" + args[5]).build());
        NostrRelay relay = NostrRelay.start(store, RelayOptions.builder().host("127.0.0.1").port(0)
                .eventsPerSecondPerIp(0).clusterNode(args[5])
                .externalEvents(ChangeFeed.builder(store).wakeUps(PostgresNotifications.wakeUps(listen)).build()
                        .foreignEvents())
                .build()).block(Duration.ofSeconds(60));
        System.out.println("READY " + relay.port());
        System.out.flush();
        Thread.currentThread().join(Duration.ofHours(1).toMillis()); // serves until its test kills it
    }
}
