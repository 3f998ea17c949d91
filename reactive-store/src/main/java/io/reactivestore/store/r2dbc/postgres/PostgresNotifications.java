package io.reactivestore.store.r2dbc.postgres;

import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * PostgreSQL {@code LISTEN} as a stream: the wake-up signal of a {@link io.reactivestore.store.feed.ChangeFeed}
 * or of a {@link io.reactivestore.store.layered.LayeredEventStore} whose shared L2 is PostgreSQL (its store
 * fires {@code NOTIFY} on {@link #CHANNEL} once per committed batch). It sits in the PostgreSQL backend's own
 * package, so the layered store and the feed depend only on a {@code Flux<String>} of wake-ups, never on the
 * PostgreSQL driver.
 */
public final class PostgresNotifications {

    /** The channel the PostgreSQL event store notifies after each committed batch of saves. */
    public static final String CHANNEL = "reactive_store_events";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private PostgresNotifications() {
    }

    /**
     * The payloads ({@code ""} when none) of notifications on {@code channel}, from the moment the
     * {@code LISTEN} is in place. Cold: each subscription holds one connection of {@code connections}
     * for as long as it lasts (so give it a plain connection factory, not a small shared pool) and closes
     * it on cancel. Never completes: when the connection fails, it reconnects with exponential back-off
     * (200 ms to 10 s); notifications sent while disconnected are lost, which is why the layered store
     * keeps polling. Notifications are dropped if the subscriber falls behind by more than the driver's
     * buffer.
     *
     * @param connections the connection factory
     * @param channel the channel name (a lowercase SQL identifier)
     * @return the payloads ({@code ""} when none) of notifications on {@code channel}, from the moment the {@code LISTEN} is in place
     * @throws IllegalArgumentException if {@code channel} is not a plain lowercase SQL identifier; the
     *     stream fails with it if {@code connections} does not make PostgreSQL connections
     */
    public static Flux<String> listen(ConnectionFactory connections, String channel) {
        return listen(connections, channel, false);
    }

    /**
     * The wake-ups of a {@link io.reactivestore.store.feed.ChangeFeed} over the PostgreSQL event store:
     * the payloads of notifications on {@link #CHANNEL} (the highest sequence number of each committed
     * write statement), plus an empty payload each time the {@code LISTEN} is in place, at the first
     * connection and after every reconnect, so that the feed reads at once whatever was committed while
     * no connection listened. Otherwise as {@link #listen}: cold, one connection per subscription,
     * reconnects with back-off, never completes.
     *
     * @param connections the connection factory (a plain one, not a small shared pool)
     * @return the wake-ups
     */
    public static Flux<String> wakeUps(ConnectionFactory connections) {
        return listen(connections, CHANNEL, true);
    }

    private static Flux<String> listen(ConnectionFactory connections, String channel, boolean signalListening) {
        Objects.requireNonNull(connections, "connections");
        if (channel == null || !IDENTIFIER.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel: must be a lowercase SQL identifier, got " + channel);
        }
        return Flux.usingWhen(connections.create(),
                        connection -> {
                            PostgresqlConnection pg = unwrap(connection);
                            return pg.createStatement("LISTEN " + channel).execute()
                                    .flatMap(result -> result.getRowsUpdated())
                                    .thenMany(signalListening
                                            // notifications subscribed first, so none falls between
                                            ? Flux.merge(pg.getNotifications().map(PostgresNotifications::payload),
                                                    Flux.just(""))
                                            : pg.getNotifications().map(PostgresNotifications::payload));
                        },
                        Connection::close)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF).maxBackoff(MAX_BACKOFF)
                        .filter(e -> !(e instanceof IllegalArgumentException)));
    }

    private static String payload(Notification notification) {
        String parameter = notification.getParameter();
        return parameter == null ? "" : parameter;
    }

    private static PostgresqlConnection unwrap(Connection connection) {
        Object candidate = connection;
        while (!(candidate instanceof PostgresqlConnection) && candidate instanceof Wrapped<?> wrapped) {
            candidate = wrapped.unwrap();
        }
        if (candidate instanceof PostgresqlConnection pg) {
            return pg;
        }
        throw new IllegalArgumentException("connections: not a PostgreSQL connection factory ("
                + connection.getClass().getName() + ")");
    }
}
