package io.reactivestore.examples;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.reactivestore.event.Event;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.feed.ChangeFeed;
import io.reactivestore.store.feed.ChangeLog;
import io.reactivestore.store.r2dbc.postgres.PostgresEphemeralChannel;
import io.reactivestore.store.r2dbc.postgres.PostgresNotifications;
import java.net.InetAddress;
import java.net.UnknownHostException;
import reactor.core.publisher.Flux;

/**
 * The relay server's cluster mode ({@code --cluster}): the nodes share one PostgreSQL database; each
 * stores into it as a single relay would, and follows its change log ({@link ChangeFeed}, woken by
 * {@code LISTEN reactive_store_events} on one dedicated connection) to deliver the events the other nodes
 * stored to its own live subscriptions, each once. Ephemeral events, never stored, go from node to node as
 * {@code NOTIFY} payloads ({@link PostgresEphemeralChannel}, best effort). Each node holds three plain
 * connections beside its pool: the change feed's listener, the ephemeral listener and the ephemeral sender.
 */
final class ClusterNode {

    private ClusterNode() {
    }

    /**
     * Adds the cluster feed and the node name to {@code options}.
     *
     * @param options the relay options being built
     * @param store the PostgreSQL store the settings opened
     * @param settings the settings ({@code --postgres-url}, {@code --node-name}, {@code --port})
     * @return the node's name
     * @throws IllegalArgumentException if {@code store} has no change log (not the SQL store)
     */
    static String configure(RelayOptions.Builder options, EventStore store, RelayServerSettings settings) {
        if (!(store instanceof ChangeLog log)) {
            throw new IllegalArgumentException("--cluster needs the PostgreSQL store");
        }
        ConnectionFactory connections = listenConnections(PostgresUrl.parse(settings.postgresUrl()));
        PostgresEphemeralChannel ephemeral = PostgresEphemeralChannel.start(connections);
        options.onEphemeralEvent(ephemeral::offer);
        options.externalEvents(Flux.merge(foreignEvents(log, connections), ephemeral.received())
                .doFinally(signal -> ephemeral.dispose())); // cancelled at the relay's shutdown
        String node = settings.nodeName().isBlank() ? hostName() + ":" + settings.get("--port") : settings.nodeName();
        options.clusterNode(node);
        return node;
    }

    /**
     * The events other nodes store, each once, woken by notifications on {@code listen} (one connection,
     * reconnected with back-off; read at once after each reconnect, and every second in any case).
     *
     * @param log the shared store's change log
     * @param listen where the listening connection comes from (not pooled)
     * @return the events, for {@link RelayOptions.Builder#externalEvents}
     */
    static Flux<Event> foreignEvents(ChangeLog log, ConnectionFactory listen) {
        return ChangeFeed.builder(log).wakeUps(PostgresNotifications.wakeUps(listen)).build().foreignEvents();
    }

    private static ConnectionFactory listenConnections(PostgresUrl url) {
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder().host(url.host())
                .port(url.port()).database(url.database()).username(url.user()).password(url.password())
                .applicationName("reactive-store-cluster-listener").build());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
