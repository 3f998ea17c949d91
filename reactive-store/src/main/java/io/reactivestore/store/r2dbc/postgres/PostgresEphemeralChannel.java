package io.reactivestore.store.r2dbc.postgres;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.reactivestore.event.Event;
import io.reactivestore.event.NostrJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Ephemeral events (kinds 20000-29999) across the nodes of a cluster sharing one PostgreSQL database.
 * They are never stored, so no change feed carries them: each node sends the ones its clients publish as
 * the payload of a {@code NOTIFY} on {@link #CHANNEL} ({@code <sender>:<event JSON>}) and delivers the
 * ones the other nodes send. No table, nothing kept: PostgreSQL hands a notification to the connections
 * listening at that moment and forgets it.
 *
 * <p><b>What it promises.</b> Best effort, like ephemeral events on one relay: an event reaches the nodes
 * listening when it is sent, once each (a node never receives its own). Lost, counted in
 * {@link #dropped()}: events whose JSON is longer than {@value #MAX_EVENT_BYTES} bytes (PostgreSQL's
 * payload limit is 8000 bytes), events offered while {@value #QUEUE} are already waiting to be sent, the
 * event being sent when the sending connection fails, and events sent while a node's listening
 * connection is reconnecting.
 *
 * <p><b>Threads.</b> {@link #offer} never blocks (any thread); one dedicated connection sends, one
 * {@code NOTIFY} at a time, reconnecting with back-off (200 ms to 10 s).
 */
public final class PostgresEphemeralChannel implements Disposable {

    /** The notification channel. */
    public static final String CHANNEL = "reactive_store_ephemeral";
    /** The longest event JSON carried, in bytes (PostgreSQL's payload limit less the sender prefix). */
    public static final int MAX_EVENT_BYTES = 7_900;
    /** Events waiting to be sent at most; more are dropped. */
    public static final int QUEUE = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PostgresEphemeralChannel.class);

    private final String sender = Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 62);
    private final Sinks.Many<Event> outgoing = Sinks.many().multicast().onBackpressureBuffer(QUEUE, false);
    private final LongAdder dropped = new LongAdder();
    private final Disposable sending;
    private final ConnectionFactory connections;

    private PostgresEphemeralChannel(ConnectionFactory connections) {
        this.connections = connections;
        this.sending = Flux.usingWhen(connections.create(),
                        c -> outgoing.asFlux().concatMap(e -> send(c, e)),
                        Connection::close)
                .doOnError(e -> LOG.warn("ephemeral channel: sending connection failed; reconnecting: {}",
                        e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10)))
                .subscribe();
    }

    /**
     * Starts a channel: one connection of {@code connections} sends; {@link #received()} listens on
     * another each time it is subscribed. Give it a plain connection factory, not a small shared pool.
     *
     * @param connections where the sending and listening connections come from (PostgreSQL)
     * @return the running channel; {@link #dispose()} stops sending
     */
    public static PostgresEphemeralChannel start(ConnectionFactory connections) {
        return new PostgresEphemeralChannel(Objects.requireNonNull(connections, "connections"));
    }

    /**
     * Queues {@code event} for the other nodes; never blocks. Dropped (and counted) if too large or if
     * {@value #QUEUE} events already wait.
     *
     * @param event an ephemeral event this node accepted
     * @return whether it was queued
     */
    public boolean offer(Event event) {
        if (event.jsonBytes().length > MAX_EVENT_BYTES) {
            dropped.increment();
            return false;
        }
        Sinks.EmitResult result;
        synchronized (outgoing) { // a sink takes one producer at a time
            result = outgoing.tryEmitNext(event);
        }
        if (result.isFailure()) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /**
     * The ephemeral events the other nodes send, each once, from the moment this subscription listens.
     * Cold: each subscription holds one listening connection and reconnects as
     * {@link PostgresNotifications#listen} does; never completes. Malformed payloads are skipped.
     *
     * @return the events
     */
    public Flux<Event> received() {
        String own = sender + ":";
        return PostgresNotifications.listen(connections, CHANNEL)
                .filter(payload -> !payload.startsWith(own))
                .concatMap(payload -> {
                    int colon = payload.indexOf(':');
                    try {
                        return Mono.just(NostrJson.parseEvent(payload.substring(colon + 1)));
                    } catch (RuntimeException e) {
                        LOG.debug("ephemeral channel: skipped a malformed payload: {}", e.toString());
                        return Mono.empty();
                    }
                });
    }

    /** {@return events not sent so far (too large, queue full, or lost with a failed connection)} */
    public long dropped() {
        return dropped.sum();
    }

    private Mono<Void> send(Connection c, Event event) {
        String payload = sender + ":" + new String(event.jsonBytes(), StandardCharsets.UTF_8);
        return Flux.from(c.createStatement("SELECT pg_notify('" + CHANNEL + "', $1)").bind(0, payload).execute())
                .concatMap(r -> r.map((row, m) -> 1))
                .then()
                .doOnError(e -> dropped.increment());
    }

    /** Stops sending and closes the sending connection; events still queued are dropped. */
    @Override
    public void dispose() {
        sending.dispose();
    }

    @Override
    public boolean isDisposed() {
        return sending.isDisposed();
    }
}
