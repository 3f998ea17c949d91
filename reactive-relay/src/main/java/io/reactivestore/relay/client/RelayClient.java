package io.reactivestore.relay.client;


import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.relay.client.WebSocketRelayClient;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A reactive client of one Nostr relay over one WebSocket connection (NIP-01, NIP-42 {@code AUTH},
 * NIP-45 {@code COUNT}). Thread-safe: share one instance; every subscription, publish and count is
 * multiplexed over the same connection.
 *
 * <p><b>Connection.</b> The client connects on first use (or on {@link #connect()}) and reconnects
 * after a drop with exponential backoff ({@link RelayClientOptions#reconnectMinBackoff()} doubling up to
 * {@link RelayClientOptions#reconnectMaxBackoff()}; the backoff resets only after a connection
 * stayed open for 5 s, so a relay that drops the connection soon after opening is not hammered). After a
 * reconnect:
 * <ul>
 *   <li>publishes still waiting for their {@code OK} are <b>sent again</b> (publishing is idempotent: the
 *       relay answers a repeat with {@code duplicate:}, which counts as accepted); counts likewise;
 *       each keeps its original {@link RelayClientOptions#requestTimeout() timeout};
 *   <li>open subscriptions are sent again. One still before {@code EOSE} is resent unchanged and
 *       events already delivered are skipped; one past {@code EOSE} is resent with {@code since} =
 *       disconnect time minus {@link RelayClientOptions#resumeOverlap()} and no {@code limit}, and what
 *       the relay returns arrives as {@link SubscriptionItem.Live} items, already delivered ids
 *       skipped (the client remembers the last 4096 ids per subscription, 8 bytes each). Events created earlier
 *       than that but stored during the outage are not recovered.
 * </ul>
 *
 * <p><b>Authentication.</b> With {@link RelayClientOptions#authKey()} set, the client answers every
 * {@code AUTH} challenge with a signed kind-22242 event; a publish answered {@code auth-required:}
 * or a subscription closed {@code auth-required:} while that answer is in flight is sent once more
 * after the relay accepts it.
 *
 * <p><b>Buffers.</b> All bounded: see {@link RelayClientOptions} for each and what happens when full.
 *
 * <p><b>Threading.</b> Answers and items are emitted on the connection's Netty event loop, subscription
 * items on a Reactor parallel thread when {@link RelayClientOptions#verifySignatures()} is on (the
 * default: checking signatures is CPU work kept off the event loop). Do not block in consumers (use
 * {@code publishOn} for slow work). No method blocks, except {@link #closeBlocking()}.
 *
 * <p><b>Closing.</b> {@link #close()} returns a {@code Mono<Void>}, like {@code EventStore.close()} and
 * {@code NostrRelay.shutdown()}; the client is not {@link AutoCloseable}, on purpose: a client opened in a
 * try-with-resources block would be closed at its end while its subscriptions are meant to go on. Close
 * it when the application stops; {@link #closeBlocking()} is the form for {@code main} methods and tests.
 */
public interface RelayClient {

    /**
     * A client of the relay at {@code url} with default options.
     *
     * @param url the URL
     * @return a client of the relay at {@code url} with default options
     */
    static RelayClient create(String url) {
        return create(RelayClientOptions.builder(url).build());
    }

    /**
     * A client with {@code options}; it connects on first use.
     *
     * @param options the options
     * @return a client with {@code options}; it connects on first use
     */
    static RelayClient create(RelayClientOptions options) {
        return WebSocketRelayClient.create(options);
    }

    /** {@return the options this client was created with} */
    RelayClientOptions options();

    /**
     * Connects now if not yet connected; completes once a connection is open. Errors with
     * {@link RelayClientException.ConnectionFailed} after the configured attempts, or
     * {@link RelayClientException.ClientClosed}. Optional: every other operation connects by itself.
     *
     * @return completes when done, or errors
     */
    Mono<Void> connect();

    /**
     * Publishes {@code event} ({@code ["EVENT", event]}) and emits the relay's {@code OK} for its id.
     * A rejection is an {@link OkResult} with {@code accepted == false}, not an error. Errors:
     * {@link RelayClientException.Timeout} when no {@code OK} came within the request timeout,
     * {@link RelayClientException.Overflow} when too many requests are pending or the outbound queue is
     * full, {@link RelayClientException.ClientClosed}. Cancelling stops waiting (the event may still be
     * stored). Publishing the same event twice concurrently shares one answer.
     *
     * @param event the event
     * @return the relay's answer for the event's id
     */
    Mono<OkResult> publish(Event event);

    /**
     * Subscribes with {@code filters} ({@code ["REQ", id, filters...]}): {@link SubscriptionItem.Stored}
     * events, one {@link SubscriptionItem.EndOfStored}, then {@link SubscriptionItem.Live} events until
     * cancelled. Each subscriber of the returned Flux opens its own relay subscription.
     *
     * <p>Backpressure: items wait in a bounded per-subscription buffer
     * ({@link RelayClientOptions#subscriptionBufferSize()}); when it is full the Flux fails with
     * {@link RelayClientException.Overflow} and {@code CLOSE} is sent. Cancelling sends {@code CLOSE}.
     * A relay {@code CLOSED} ends the Flux with {@link RelayClientException.ClosedByRelay} carrying the
     * prefixed reason. Closing the client completes the Flux.
     *
     * @param filters the filters; an event matches if it matches any of them
     * @return the subscription's items: stored events, one end-of-stored marker, then live events
     * @throws IllegalArgumentException (at assembly) when {@code filters} is empty
     */
    Flux<SubscriptionItem> subscribe(List<Filter> filters);

    /**
     * {@link #subscribe(List)} with one filter.
     *
     * @param filter the filter
     * @return stored items, one end-of-stored marker, then live items, as {@link #subscribe(List)}
     */
    default Flux<SubscriptionItem> subscribe(Filter filter) {
        return subscribe(List.of(filter));
    }

    /**
     * The stored events matching {@code filters}, newest first as the relay sends them; completes at
     * {@code EOSE} and then sends {@code CLOSE}. Errors as {@link #subscribe(List)}.
     *
     * @param filters the filters; an event matches if it matches any of them
     * @return the stored events matching {@code filters}, newest first as the relay sends them; completes at {@code EOSE} and then sends {@code CLOSE}
     */
    default Flux<Event> fetch(List<Filter> filters) {
        return subscribe(filters)
                .takeWhile(item -> item instanceof SubscriptionItem.Stored)
                .map(SubscriptionItem::eventOrNull);
    }

    /**
     * {@link #fetch(List)} with one filter.
     *
     * @param filter the filter
     * @return the stored events matching {@code filter}, as {@link #fetch(List)}
     */
    default Flux<Event> fetch(Filter filter) {
        return fetch(List.of(filter));
    }

    /**
     * How many stored events match {@code filters} (NIP-45 {@code COUNT}). Errors:
     * {@link RelayClientException.ClosedByRelay} when the relay refuses, and as {@link #publish(Event)}.
     *
     * @param filters the filters; an event matches if it matches any of them
     * @return how many stored events match {@code filters} (NIP-45 {@code COUNT})
     * @throws IllegalArgumentException (at assembly) when {@code filters} is empty
     */
    Mono<Long> count(List<Filter> filters);

    /**
     * {@link #count(List)} with one filter.
     *
     * @param filter the filter
     * @return how many stored events match {@code filter}, as {@link #count(List)}
     */
    default Mono<Long> count(Filter filter) {
        return count(List.of(filter));
    }

    /**
     * {@code NOTICE} messages from the relay, hot: only notices arriving while subscribed are seen,
     * and a subscriber that has not requested more misses notices (never buffered).
     *
     * @return {@code NOTICE} messages from the relay, hot: only notices arriving while subscribed are seen, and a subscriber that has not requested more misses notices (never buffered)
     */
    Flux<String> notices();

    /**
     * Closes the client when subscribed: pending publishes and counts fail with
     * {@link RelayClientException.ClientClosed}, subscriptions complete, reconnection stops and the
     * socket is closed. Completes once the socket is closed (at once if the client never connected).
     * Idempotent: every call returns the same completion. Like every {@code Mono}, it does nothing
     * until subscribed: {@code client.close()} alone as a statement does not close the client.
     *
     * @return completion once the client is closed; never fails
     */
    Mono<Void> close();

    /**
     * Closes the client and blocks the calling thread until it is closed, at most 10 s; for {@code main}
     * methods and tests, never on a Reactor or Netty thread.
     *
     * @throws IllegalStateException if closing took longer than 10 s
     */
    default void closeBlocking() {
        close().block(Duration.ofSeconds(10));
    }
}
