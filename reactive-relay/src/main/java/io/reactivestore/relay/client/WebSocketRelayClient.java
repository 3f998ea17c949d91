package io.reactivestore.relay.client;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.reactivestore.ReactiveStoreException;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.negentropy.Negentropy;
import io.reactivestore.relay.message.NegentropyMessage;
import io.reactivestore.relay.message.NegentropyMessages;
import io.reactivestore.negentropy.NegentropyStorage;
import io.reactivestore.relay.client.OkResult;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelayClientException;
import io.reactivestore.relay.client.RelayClientOptions;
import io.reactivestore.relay.client.SubscriptionItem;
import io.reactivestore.relay.message.ClientMessage;
import io.reactivestore.relay.message.MessageJson;
import io.reactivestore.relay.message.RelayMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * {@link RelayClient} over one reactor-netty WebSocket connection at a time, re-established with
 * backoff by one long-lived connection loop that this client owns and disposes when {@link #close()} is subscribed.
 * See {@link RelayClient} for the promises; this class only wires them.
 */
public final class WebSocketRelayClient implements RelayClient {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketRelayClient.class);
    private static final int AUTH_KIND = 22242;
    /**
     * A connection must stay open this long to reset the reconnect backoff, so that a relay that drops
     * every connection soon after it opens (say, on a subscription it cannot serve) is retried ever
     * more slowly instead of in a tight loop.
     */
    static final Duration STABLE_CONNECTION = Duration.ofSeconds(5);

    private final RelayClientOptions options;
    private final HttpClient http;
    private final Backoff backoff;
    private final Map<String, ClientSubscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, PendingRequest<OkResult>> publishes = new ConcurrentHashMap<>();
    private final Map<String, PendingRequest<Long>> counts = new ConcurrentHashMap<>();
    private final Map<String, NegentropyClientSession> negentropySessions = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final Sinks.Many<String> notices = Sinks.many().multicast().directBestEffort();
    /** Latest connection state (true = open); terminates with the error that ended the client. */
    private final Sinks.Many<Boolean> states = Sinks.many().replay().latest();
    private final Object lifecycle = new Object();
    private volatile @Nullable ClientConnection session;
    private volatile boolean closed;
    /** Completes when the latest connection's channel is closed; empty before the first connection. */
    private volatile Mono<Void> channelClosed = Mono.empty();
    private final Mono<Void> closing = Mono.defer(this::closeNow).cache();
    /** Why the client ended: {@code ClientClosed} or {@code ConnectionFailed}; null while open. */
    private volatile @Nullable RelayClientException terminalError;
    private @Nullable Disposable connectionLoop;
    /** Reconnect attempts since the last connection that stayed open for {@link #STABLE_CONNECTION}. */
    private int failedAttempts;
    private long sessionOpenedAt;
    private @Nullable Throwable lastFailure;

    private WebSocketRelayClient(RelayClientOptions options) {
        this.options = options;
        this.backoff = new Backoff(options.reconnectMinBackoff(), options.reconnectMaxBackoff());
        this.http = HttpClient.newConnection()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        options.connectTimeout().toMillis()));
    }

    /**
     * A client with {@code options}; nothing happens on the network until first use.
     *
     * @param options the options
     * @return a client with {@code options}; nothing happens on the network until first use
     */
    public static RelayClient create(RelayClientOptions options) {
        return new WebSocketRelayClient(Objects.requireNonNull(options, "options"));
    }

    @Override
    public RelayClientOptions options() {
        return options;
    }

    @Override
    public Mono<Void> connect() {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.error(closedError());
            }
            start();
            return states.asFlux().filter(Boolean::booleanValue).next().then();
        });
    }

    @Override
    public Mono<OkResult> publish(Event event) {
        Objects.requireNonNull(event, "event");
        return Mono.defer(() -> {
            PendingRequest<OkResult> fresh = new PendingRequest<>(event.id(),
                    MessageJson.write(new ClientMessage.Publish(event)));
            PendingRequest<OkResult> existing = publishes.putIfAbsent(event.id(), fresh);
            PendingRequest<OkResult> request = existing == null ? fresh : existing;
            if (existing == null) {
                Mono<OkResult> refused = admit(publishes, fresh, "publishes");
                if (refused != null) {
                    return refused;
                }
            }
            return request.result()
                    .timeout(options.requestTimeout(), Mono.error(() ->
                            new RelayClientException.Timeout("publish " + event.id(), options.requestTimeout())))
                    .doFinally(signal -> publishes.remove(event.id(), request));
        });
    }

    @Override
    public Mono<Long> count(List<Filter> filters) {
        requireFilters(filters);
        List<Filter> copy = List.copyOf(filters);
        return Mono.defer(() -> {
            String id = "count-" + nextId.incrementAndGet();
            PendingRequest<Long> request = new PendingRequest<>(id, MessageJson.write(new ClientMessage.Count(id, copy)));
            counts.put(id, request);
            Mono<Long> refused = admit(counts, request, "counts");
            if (refused != null) {
                return refused;
            }
            return request.result()
                    .timeout(options.requestTimeout(), Mono.error(() ->
                            new RelayClientException.Timeout("count " + id, options.requestTimeout())))
                    .doFinally(signal -> counts.remove(id, request));
        });
    }

    /** Sends a just-registered request if connected; null when admitted, else the error to return. */
    private <T> @Nullable Mono<T> admit(Map<String, PendingRequest<T>> table, PendingRequest<T> request, String what) {
        if (table.size() > options.maxPendingRequests()) {
            table.remove(request.key(), request);
            return Mono.error(new RelayClientException.Overflow("more than " + options.maxPendingRequests()
                    + " pending " + what));
        }
        if (closed) {
            table.remove(request.key(), request);
            return Mono.error(closedError());
        }
        start();
        ClientConnection current = session;
        if (current != null) {
            sendRequest(table, request, current);
        }
        return null;
    }

    @Override
    public Flux<SubscriptionItem> subscribe(List<Filter> filters) {
        requireFilters(filters);
        List<Filter> copy = List.copyOf(filters);
        return Flux.defer(() -> {
            if (closed) {
                return Flux.error(closedError());
            }
            ClientSubscription sub = new ClientSubscription("sub-" + nextId.incrementAndGet(), copy,
                    options.subscriptionBufferSize());
            subscriptions.put(sub.id(), sub);
            if (closed) {
                subscriptions.remove(sub.id(), sub);
                return Flux.error(closedError());
            }
            start();
            ClientConnection current = session;
            if (current != null) {
                sendReq(sub, current);
            }
            Flux<SubscriptionItem> items = sub.items().doFinally(signal -> subscriptionEnded(sub, signal));
            return options.verifySignatures() ? verified(items) : items;
        });
    }

    @Override
    public Flux<NegentropyRound> reconcile(Filter filter, NegentropyStorage local, int frameSizeLimit) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(local, "local");
        if (frameSizeLimit != 0 && frameSizeLimit < Negentropy.MIN_FRAME_SIZE_LIMIT) {
            throw new IllegalArgumentException("frameSizeLimit must be 0 or at least " + Negentropy.MIN_FRAME_SIZE_LIMIT);
        }
        return connect().thenMany(Flux.<NegentropyRound>create(sink -> {
            ClientConnection current = session;
            if (current == null) {
                sink.error(new RelayClientException.ConnectionFailed("not connected to " + options.uri(), null));
                return;
            }
            NegentropyClientSession neg = new NegentropyClientSession("neg-" + nextId.incrementAndGet(), filter, local,
                    frameSizeLimit, current, frame -> {
                        if (current.send(frame) == ClientConnection.Sent.QUEUE_FULL) {
                            LOG.warn("outbound queue full: a negentropy message to {} was dropped", options.uri());
                        }
                    });
            neg.bind(sink);
            negentropySessions.put(neg.id(), neg);
            if (session != current) {
                // the connection ended while this session was being set up
                connectionLost(current);
            }
            sink.onCancel(() -> {
                if (negentropySessions.remove(neg.id(), neg)) {
                    neg.cancelled();
                }
            });
            sink.onDispose(() -> negentropySessions.remove(neg.id(), neg));
            neg.open();
        }));
    }

    @Override
    public Flux<String> notices() {
        return notices.asFlux();
    }

    @Override
    public Mono<Void> close() {
        return closing;
    }

    /** Ends every operation and the connection loop; the result completes when the socket is closed. */
    private Mono<Void> closeNow() {
        Disposable loop;
        ClientConnection current;
        synchronized (lifecycle) {
            if (closed) {
                return channelClosed;
            }
            closed = true;
            loop = connectionLoop;
            current = session;
            session = null;
        }
        shutDown(new RelayClientException.ClientClosed(), false);
        if (current != null) {
            current.close();
        }
        if (loop != null) {
            loop.dispose();
        }
        return channelClosed;
    }

    // ---------------------------------------------------------------- connection loop

    private void start() {
        synchronized (lifecycle) {
            if (closed || connectionLoop != null) {
                return;
            }
            connectionLoop = Mono.defer(this::connectOnce)
                    .onErrorResume(error -> {
                        synchronized (lifecycle) {
                            lastFailure = error;
                        }
                        return Mono.empty();
                    })
                    .then(Mono.defer(this::pauseBeforeReconnect))
                    .repeat(() -> !closed)
                    .subscribe(null, error -> LOG.error("relay client connection loop failed", error));
        }
    }

    private Mono<Void> connectOnce() {
        WebsocketClientSpec spec = WebsocketClientSpec.builder()
                .maxFramePayloadLength(options.maxFrameBytes())
                .build();
        return http.websocket(spec)
                .uri(options.uri())
                .handle(this::runSession)
                .then();
    }

    private Mono<Void> runSession(WebsocketInbound in, WebsocketOutbound out) {
        ClientConnection s = new ClientConnection(options.outboundQueueSize());
        in.withConnection(connection -> channelClosed = connection.onDispose());
        Mono<Void> reading = in.aggregateFrames(options.maxFrameBytes())
                .receiveFrames()
                .filter(frame -> frame instanceof TextWebSocketFrame)
                .map(frame -> ByteBufUtil.getBytes(frame.content()))
                .doOnNext(bytes -> dispatch(s, bytes))
                .then()
                .doFinally(signal -> s.close());
        Mono<Void> writing = out.sendObject(s.frames().map(bytes -> new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes))))
                .then();
        opened(s);
        return Mono.when(reading, writing).doFinally(signal -> ended(s));
    }

    private void opened(ClientConnection s) {
        synchronized (lifecycle) {
            if (closed) {
                s.close();
                return;
            }
            session = s;
            sessionOpenedAt = System.nanoTime();
            lastFailure = null;
            states.tryEmitNext(Boolean.TRUE);
        }
        LOG.debug("connected to {}", options.uri());
        publishes.values().forEach(request -> sendRequest(publishes, request, s));
        counts.values().forEach(request -> sendRequest(counts, request, s));
        subscriptions.values().forEach(sub -> sendReq(sub, s));
    }

    private void ended(ClientConnection s) {
        s.close();
        boolean wasCurrent;
        synchronized (lifecycle) {
            wasCurrent = session == s;
            if (wasCurrent) {
                session = null;
                if (System.nanoTime() - sessionOpenedAt >= STABLE_CONNECTION.toNanos()) {
                    failedAttempts = 0;
                }
                if (!closed) {
                    states.tryEmitNext(Boolean.FALSE);
                }
            }
        }
        connectionLost(s);
        if (wasCurrent) {
            LOG.debug("disconnected from {}", options.uri());
            long now = System.currentTimeMillis() / 1000;
            long overlap = options.resumeOverlap().toSeconds();
            subscriptions.values().forEach(sub -> sub.disconnected(now, overlap));
        }
    }

    private Mono<Void> pauseBeforeReconnect() {
        Throwable failure;
        int attempts;
        synchronized (lifecycle) {
            if (closed) {
                return Mono.empty();
            }
            attempts = ++failedAttempts;
            failure = lastFailure;
        }
        if (attempts > options.maxReconnectAttempts()) {
            giveUp(failure);
            return Mono.empty();
        }
        if (failure != null) {
            LOG.debug("connecting to {} failed (attempt {}): {}", options.uri(), attempts, failure.toString());
        }
        return Mono.delay(backoff.delay(attempts), Schedulers.parallel()).then();
    }

    private void giveUp(@Nullable Throwable cause) {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LOG.warn("giving up on relay {} after {} attempts", options.uri(), options.maxReconnectAttempts());
        shutDown(new RelayClientException.ConnectionFailed("could not connect to " + options.uri() + " after "
                + options.maxReconnectAttempts() + " attempts", cause), true);
    }

    /** Ends every operation: pending requests fail, subscriptions complete (or fail if {@code failSubscriptions}). */
    private void shutDown(RelayClientException error, boolean failSubscriptions) {
        synchronized (lifecycle) {
            terminalError = error;
            states.tryEmitError(error);
        }
        drain(publishes).forEach(request -> request.fail(error));
        drain(counts).forEach(request -> request.fail(error));
        drain(negentropySessions).forEach(neg -> neg.onError(error));
        for (ClientSubscription sub : drain(subscriptions)) {
            if (failSubscriptions) {
                sub.fail(error);
            } else {
                sub.complete();
            }
        }
    }

    private static <V> List<V> drain(Map<String, V> table) {
        List<V> values = List.copyOf(table.values());
        table.values().removeAll(values);
        return values;
    }

    private RelayClientException closedError() {
        RelayClientException error = terminalError;
        return error != null ? error : new RelayClientException.ClientClosed();
    }

    // ---------------------------------------------------------------- sending

    private <T> void sendRequest(Map<String, PendingRequest<T>> table, PendingRequest<T> request, ClientConnection s) {
        if (!request.claimSendOn(s)) {
            return;
        }
        if (s.send(request.frame()) == ClientConnection.Sent.QUEUE_FULL && table.remove(request.key(), request)) {
            request.fail(new RelayClientException.Overflow("outbound queue full (" + options.outboundQueueSize()
                    + " messages)"));
        }
    }

    private void sendReq(ClientSubscription sub, ClientConnection s) {
        List<Filter> filters = sub.claimSendOn(s);
        if (filters == null) {
            return;
        }
        if (s.send(MessageJson.write(new ClientMessage.Req(sub.id(), filters))) == ClientConnection.Sent.QUEUE_FULL
                && subscriptions.remove(sub.id(), sub)) {
            sub.fail(new RelayClientException.Overflow("outbound queue full (" + options.outboundQueueSize()
                    + " messages)"));
        }
    }

    private void subscriptionEnded(ClientSubscription sub, SignalType signal) {
        if (!subscriptions.remove(sub.id(), sub)) {
            return;
        }
        sendClose(sub);
        LOG.trace("subscription {} ended with {}", sub.id(), signal);
    }

    private void sendClose(ClientSubscription sub) {
        ClientConnection current = session;
        if (current != null && sub.wasSentOn(current)) {
            current.send(MessageJson.write(new ClientMessage.Close(sub.id())));
        }
    }

    private static Flux<SubscriptionItem> verified(Flux<SubscriptionItem> items) {
        return items.publishOn(Schedulers.parallel(), 64).filter(item -> {
            Event event = item.eventOrNull();
            if (event == null || (event.hasValidId() && event.hasValidSignature())) {
                return true;
            }
            LOG.warn("dropped event {} from the relay: bad id or signature", event.id());
            return false;
        });
    }

    private static void requireFilters(List<Filter> filters) {
        Objects.requireNonNull(filters, "filters");
        if (filters.isEmpty()) {
            throw new IllegalArgumentException("at least one filter is required");
        }
    }

    // ---------------------------------------------------------------- receiving

    private void dispatch(ClientConnection s, byte[] frame) {
        if (NegentropyMessages.isNegentropy(frame)) {
            onNegentropy(NegentropyMessages.parse(frame));
            return;
        }
        RelayMessage message;
        try {
            message = MessageJson.parseRelayMessage(frame);
        } catch (ReactiveStoreException | IllegalArgumentException e) {
            LOG.warn("ignored a malformed message from {}: {}", options.uri(), e.getMessage());
            return;
        }
        if (message instanceof RelayMessage.EventMessage m) {
            onEvent(m);
        } else if (message instanceof RelayMessage.Ok m) {
            onOk(s, m);
        } else if (message instanceof RelayMessage.Eose m) {
            ClientSubscription sub = subscriptions.get(m.subscriptionId());
            if (sub != null) {
                handleOffer(sub, sub.endOfStored());
            }
        } else if (message instanceof RelayMessage.Closed m) {
            onClosed(s, m);
        } else if (message instanceof RelayMessage.Notice m) {
            LOG.info("notice from {}: {}", options.uri(), m.message());
            synchronized (notices) {
                notices.tryEmitNext(m.message());
            }
        } else if (message instanceof RelayMessage.AuthChallenge m) {
            onChallenge(s, m.challenge());
        } else if (message instanceof RelayMessage.CountResult m) {
            PendingRequest<Long> request = counts.remove(m.subscriptionId());
            if (request != null) {
                request.complete(m.count());
            }
        }
    }

    /** Fails the negentropy sessions that ran over {@code s}: they are not resumed on another connection. */
    private void connectionLost(ClientConnection s) {
        for (NegentropyClientSession neg : List.copyOf(negentropySessions.values())) {
            if (neg.connection() == s && negentropySessions.remove(neg.id(), neg)) {
                neg.onError(new RelayClientException.ConnectionFailed("connection to " + options.uri()
                        + " lost during negentropy session " + neg.id(), null));
            }
        }
    }

    private void onNegentropy(NegentropyMessage message) {
        NegentropyClientSession neg = negentropySessions.get(String.valueOf(message.subscriptionId()));
        if (neg == null) {
            LOG.debug("ignored {} for no open negentropy session", message);
            return;
        }
        if (message instanceof NegentropyMessage.Msg m) {
            neg.onMessage(m.message());
        } else if (message instanceof NegentropyMessage.Err m) {
            negentropySessions.remove(neg.id(), neg);
            neg.onError(new RelayClientException.ClosedByRelay(m.subscriptionId(), m.reason()));
        } else if (message instanceof NegentropyMessage.Invalid m) {
            negentropySessions.remove(neg.id(), neg);
            neg.onError(new RelayClientException.ClosedByRelay(neg.id(), m.reason()));
            neg.cancelled();
        }
    }

    private void onEvent(RelayMessage.EventMessage m) {
        ClientSubscription sub = subscriptions.get(m.subscriptionId());
        if (sub != null) {
            handleOffer(sub, sub.offer(m.event()));
        }
    }

    /** A full subscription buffer ends the subscription at once: {@code CLOSE} now, the error after the buffered items. */
    private void handleOffer(ClientSubscription sub, ClientSubscription.Offered offered) {
        if (offered == ClientSubscription.Offered.BUFFER_FULL && subscriptions.remove(sub.id(), sub)) {
            sendClose(sub);
            sub.fail(new RelayClientException.Overflow("subscription " + sub.id() + " buffer full ("
                    + options.subscriptionBufferSize() + " items): the consumer fell behind"));
        }
    }

    private void onOk(ClientConnection s, RelayMessage.Ok m) {
        if (s.isAuthAnswer(m.eventId())) {
            if (!m.accepted()) {
                LOG.warn("relay {} rejected our AUTH: {}", options.uri(), m.message());
            }
            s.authAnswered(m.accepted());
            return;
        }
        PendingRequest<OkResult> request = publishes.get(m.eventId());
        if (request == null) {
            return;
        }
        OkResult result = new OkResult(m.eventId(), m.accepted(), m.message());
        if (!m.accepted() && isAuthRequired(m.message()) && request.claimAuthRetry()
                && s.awaitAuth(retryAfterAuth(request::forgetSession, () -> sendRequest(publishes, request, s),
                        () -> completeRequest(request, result)))) {
            return;
        }
        completeRequest(request, result);
    }

    private void completeRequest(PendingRequest<OkResult> request, OkResult result) {
        if (publishes.remove(request.key(), request)) {
            request.complete(result);
        }
    }

    private void onClosed(ClientConnection s, RelayMessage.Closed m) {
        RelayClientException.ClosedByRelay error = new RelayClientException.ClosedByRelay(m.subscriptionId(),
                m.message());
        PendingRequest<Long> count = counts.remove(m.subscriptionId());
        if (count != null) {
            count.fail(error);
            return;
        }
        ClientSubscription sub = subscriptions.get(m.subscriptionId());
        if (sub == null) {
            return;
        }
        if (isAuthRequired(m.message()) && sub.claimAuthRetry()
                && s.awaitAuth(retryAfterAuth(sub::forgetSession, () -> sendReq(sub, s), () -> closeByRelay(sub, error)))) {
            return;
        }
        closeByRelay(sub, error);
    }

    private void closeByRelay(ClientSubscription sub, RelayClientException.ClosedByRelay error) {
        if (subscriptions.remove(sub.id(), sub)) {
            sub.fail(error);
        }
    }

    private boolean isAuthRequired(String message) {
        return options.authKey() != null && "auth-required".equals(OkResult.prefixOf(message));
    }

    private static ClientConnection.AuthWaiter retryAfterAuth(Runnable forget, Runnable resend, Runnable giveUp) {
        return new ClientConnection.AuthWaiter() {
            @Override
            public void authAccepted(ClientConnection session) {
                forget.run();
                resend.run();
            }

            @Override
            public void authRejected() {
                giveUp.run();
            }
        };
    }

    private void onChallenge(ClientConnection s, String challenge) {
        if (options.authKey() == null) {
            LOG.debug("relay {} sent an AUTH challenge; no key configured", options.uri());
            return;
        }
        Event auth = options.authKey().sign(new UnsignedEvent(System.currentTimeMillis() / 1000, AUTH_KIND,
                List.of(List.of("relay", options.uri().toString()), List.of("challenge", challenge)), ""));
        s.authSent(auth.id());
        s.send(MessageJson.write(new ClientMessage.Auth(auth)));
    }

}
