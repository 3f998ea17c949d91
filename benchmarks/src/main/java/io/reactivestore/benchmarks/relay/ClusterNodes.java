package io.reactivestore.benchmarks.relay;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.feed.ChangeFeed;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.store.r2dbc.postgres.PostgresNotifications;
import java.time.Duration;
import java.util.Objects;

/**
 * One relay node of a benchmark cluster, as {@code --cluster} wires it: its own store instance and pool on
 * a shared PostgreSQL, its own listening connection for {@code NOTIFY} wake-ups, and a change feed of the
 * other nodes' events; no per-address limits (all clients come from 127.0.0.1).
 */
final class ClusterNodes {

    private ClusterNodes() {
    }

    /** Starts node {@code name} on database {@code postgres} of the PostgreSQL at 127.0.0.1:{@code port}. */
    static NostrRelay start(int port, String name) {
        R2dbcEventStore store = Objects.requireNonNull(R2dbcEventStores.postgres("127.0.0.1", port, "postgres", "postgres", "")
                .block(Duration.ofSeconds(60)), "completed empty");
        PostgresqlConnectionFactory listen = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration
                .builder().host("127.0.0.1").port(port).database("postgres").username("postgres")
                .applicationName("listen-" + name).build());
        RelayOptions options = RelayOptions.builder().host("127.0.0.1").port(0).clusterNode(name)
                .eventsPerSecondPerIp(0).requestsPerSecondPerIp(0).maxConnectionsPerAddress(1000)
                .maxSubscriptionsPerAddress(1000)
                .externalEvents(ChangeFeed.builder(store).wakeUps(PostgresNotifications.wakeUps(listen)).build()
                        .foreignEvents())
                .build();
        return Objects.requireNonNull(NostrRelay.start(store, options).block(Duration.ofSeconds(30)), "completed empty");
    }
}
