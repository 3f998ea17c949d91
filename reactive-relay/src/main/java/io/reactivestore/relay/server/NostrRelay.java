package io.reactivestore.relay.server;

import io.reactivestore.relay.policy.RelaySession;

import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.reactivestore.store.EventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * A running Nostr relay on reactor-netty, serving one {@link EventStore}: NIP-01 over WebSocket on
 * path {@code /}, the NIP-11 document on the same URL for {@code Accept: application/nostr+json},
 * NIP-09 deletions, NIP-13 proof of work, NIP-40 expiration, NIP-42 authentication and NIP-45 counts.
 *
 * <pre>{@code
 * NostrRelay relay = NostrRelay.start(MemoryEventStore.create(), RelayOptions.builder().port(0).build())
 *         .block();
 * System.out.println(relay.url());
 * relay.shutdown().block();
 * }</pre>
 *
 * <p><b>Threading.</b> Client messages are decoded, checked and dispatched on the connection's Netty event
 * loop, signature verification and policies included (CPU work of about 50 µs per event, cheaper there
 * than a hand-off to another thread and back); the store works on its own threads. Live events are
 * fanned out on a thread of their own ({@code relay-fanout}), so an {@code OK} never waits for
 * deliveries. Whatever is queued for a client is rendered on its event loop and written as one buffer of
 * WebSocket frames per pass (a REQ's stored results: one write). Nothing blocks an event loop; a connection that
 * floods {@code EVENT}s does take about 50 µs of its event loop per event from the other connections on
 * that loop, which the per-connection and per-IP rate limits bound.
 *
 * <p><b>Answers.</b> {@code OK true} means the event is durably stored (an ephemeral event: queued for its
 * live subscribers). Every refusal carries a NIP-01 prefix: {@code duplicate:}, {@code invalid:},
 * {@code blocked:}, {@code rate-limited:}, {@code pow:}, {@code restricted:}, {@code auth-required:},
 * {@code error:}.
 *
 * <p><b>Budgets.</b> Every accepted TCP connection counts against the process's socket budget
 * ({@link RelayOptions#maxConnections()}, lowered below the file descriptor limit) and its client
 * address's budget ({@link RelayOptions#maxConnectionsPerAddress()}) from its first byte, handshake
 * included, and must become a WebSocket within {@link RelayOptions#handshakeTimeout()}. Refusals are
 * logged once per address and minute on the {@code io.reactivestore.relay.budgets} logger.
 */
public final class NostrRelay {

    private static final Logger LOG = LoggerFactory.getLogger(NostrRelay.class);
    private static final int GOING_AWAY = 1001;
    private static final int POLICY_VIOLATION = 1008;

    private final RelayCore core;
    private final byte[] information;
    private final Set<RelayConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionSlots = new AtomicInteger();
    private final Sinks.Empty<Void> drained = Sinks.empty();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final Disposable.Composite background = Disposables.composite();
    private final Mono<Void> shutdown;
    private volatile @Nullable DisposableServer server;
    private final AddressBudgets budgets;
    private final ClientAddresses addresses;
    private final RefusalLog refusals = new RefusalLog();
    /** Connections that served an HTTP extension request, closed at shutdown (closed ones leave by themselves). */
    private final ChannelGroup httpChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private NostrRelay(EventStore store, RelayOptions options) {
        this.core = new RelayCore(store, options);
        long fdLimit = FileDescriptors.limit();
        int sockets = FileDescriptors.socketBudget(options.maxConnections(), fdLimit);
        if (sockets < options.maxConnections()) {
            LOG.warn("the file descriptor limit is {}: at most {} connections instead of {} (raise it with ulimit -n)",
                    fdLimit, sockets, options.maxConnections());
        }
        this.budgets = new AddressBudgets(sockets, options.maxConnectionsPerAddress(),
                options.maxSubscriptionsPerAddress());
        this.addresses = new ClientAddresses(options.trustedProxies());
        this.information = RelayInformation.render(options, store.supportsSearch());
        this.shutdown = Mono.defer(this::stop).cache();
        core.metrics.gauge("relay.connections", "open WebSocket connections", connections::size);
        core.metrics.gauge("relay.subscriptions", "open subscriptions (REQ) over all connections", () -> {
            long open = 0;
            for (RelayConnection connection : connections) {
                open += connection.subscriptionCount();
            }
            return open;
        });
        core.metrics.gauge("relay.live.backlog", "stored events waiting for their live fan-out",
                core.dispatcher::backlog);
    }

    /**
     * Binds a relay on {@code options.host():options.port()} and emits it once it accepts connections.
     * Starts the NIP-40 purge and the subscription to {@link RelayOptions#externalEvents()}.
     *
     * @param store the event store
     * @param options the options
     * @return the running relay; errors if the address cannot be bound
     */
    public static Mono<NostrRelay> start(EventStore store, RelayOptions options) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
            NostrRelay relay = new NostrRelay(store, options);
            return relay.bind().thenReturn(relay);
        });
    }

    private Mono<Void> bind() {
        RelayOptions options = core.options;
        WebsocketServerSpec spec = WebsocketServerSpec.builder()
                .maxFramePayloadLength(options.maxMessageBytes())
                .build();
        HttpServer http = HttpServer.create()
                .host(options.host())
                .port(options.port());
        if (!options.httpIdleTimeout().isZero()) {
            // closes a kept-alive HTTP connection waiting for its next request; removed on a WebSocket upgrade
            http = http.idleTimeout(options.httpIdleTimeout());
        }
        return http
                .doOnChannelInit((observer, channel, remote) -> channel.pipeline().addFirst(ConnectionGuard.NAME,
                        new ConnectionGuard(budgets, addresses, refusals, options, httpChannels)))
                .handle((request, response) -> route(request, response, spec))
                .bind()
                .doOnNext(bound -> {
                    server = bound;
                    core.authentication.relayUrl(options.publicUrl() != null ? options.publicUrl() : url());
                    background.add(core.expiration.startPurging(core.store, options.expirationPurgeInterval()));
                    background.add(options.externalEvents()
                            .onBackpressureLatest()
                            .subscribe(core::deliverExternal,
                                    error -> LOG.warn("external event feed failed: {}", error.toString())));
                    options.clusterNode().ifPresentOrElse(
                            node -> LOG.info("relay listening on {} as node {} of a cluster", url(), node),
                            () -> LOG.info("relay listening on {}", url()));
                })
                .then();
    }

    /** {@return the bound port} */
    public int port() {
        return bound().port();
    }

    /** {@return the bound host} */
    public String host() {
        return bound().host();
    }

    private DisposableServer bound() {
        return Objects.requireNonNull(server, "the relay is not bound (start() binds it)");
    }

    /** {@return {@code ws://host:port/}: where clients connect} */
    public String url() {
        return "ws://" + host() + ":" + port() + "/";
    }

    /** The shared core, for tests in this package. */
    RelayCore core() {
        return core;
    }

    /** The connection budgets, for tests in this package. */
    AddressBudgets budgets() {
        return budgets;
    }

    /** {@return how many WebSocket connections are open} */
    public int connectionCount() {
        return connections.size();
    }

    // ---------------------------------------------------------------- HTTP

    private Publisher<Void> route(HttpServerRequest request, HttpServerResponse response, WebsocketServerSpec spec) {
        boolean root = "/".equals(request.fullPath()) || request.fullPath().isEmpty();
        boolean upgrade = request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, "websocket", true);
        if (!(root && upgrade)) {
            for (HttpRoutes routes : core.options.httpRoutes()) {
                if (routes.handles(request)) {
                    request.withConnection(c -> {
                        ConnectionGuard guard = ConnectionGuard.of(c.channel());
                        if (guard != null) {
                            guard.servingHttp();
                        }
                    });
                    return routes.handle(request, response);
                }
            }
        }
        if (!root) {
            cors(response);
            return response.sendNotFound();
        }
        cors(response);
        if (request.method() == HttpMethod.OPTIONS) {
            return response.status(HttpResponseStatus.NO_CONTENT).send();
        }
        if (request.method() != HttpMethod.GET) {
            return response.status(HttpResponseStatus.METHOD_NOT_ALLOWED).send();
        }
        String accept = request.requestHeaders().get(HttpHeaderNames.ACCEPT, "");
        if (accept.contains(RelayInformation.MEDIA_TYPE)) {
            byte[] document = core.options.informationOverlays().isEmpty() ? information
                    : RelayInformation.render(core.options, core.store.supportsSearch());
            return response.header(HttpHeaderNames.CONTENT_TYPE, RelayInformation.MEDIA_TYPE)
                    .sendByteArray(Mono.just(document)).then();
        }
        if (!upgrade) {
            return response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .sendString(Mono.just("This is a Nostr relay: connect with a Nostr client to " + url() + "\n"))
                    .then();
        }
        if (shuttingDown.get()) {
            return response.status(HttpResponseStatus.SERVICE_UNAVAILABLE).send();
        }
        if (connectionSlots.incrementAndGet() > core.options.maxConnections()) {
            connectionSlots.decrementAndGet();
            LOG.warn("refused a connection from {}: {} connections are open", request.remoteAddress(),
                    core.options.maxConnections());
            return response.status(HttpResponseStatus.SERVICE_UNAVAILABLE).send();
        }
        InetSocketAddress peer = request.remoteAddress();
        ConnectionGuard[] guard = new ConnectionGuard[1];
        request.withConnection(c -> guard[0] = ConnectionGuard.of(c.channel()));
        InetSocketAddress remote = peer;
        if (peer != null && addresses.anyTrusted()) {
            InetAddress client = addresses.client(peer.getAddress(), request.requestHeaders());
            if (client != peer.getAddress()) {
                if (guard[0] != null && !guard[0].admitForwarded(client)) {
                    connectionSlots.decrementAndGet();
                    return response.status(HttpResponseStatus.TOO_MANY_REQUESTS)
                            .header(HttpHeaderNames.CONNECTION, "close").send();
                }
                remote = new InetSocketAddress(client, peer.getPort());
            }
        }
        InetSocketAddress clientAddress = remote;
        AtomicBoolean served = new AtomicBoolean();
        return response.sendWebsocket((in, out) -> {
                    served.set(true);
                    return serve(in, out, clientAddress, guard[0]);
                }, spec)
                .doOnError(error -> {
                    if (!served.get()) {
                        connectionSlots.decrementAndGet();
                    }
                });
    }

    private static void cors(HttpServerResponse response) {
        response.header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Headers", "*")
                .header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    }

    // ---------------------------------------------------------------- WebSocket

    private Publisher<Void> serve(WebsocketInbound in, WebsocketOutbound out, @Nullable InetSocketAddress remote,
            @Nullable ConnectionGuard guard) {
        Sinks.Empty<Void> cutOff = Sinks.empty();
        EventLoop[] loop = new EventLoop[1];
        out.withConnection(netty -> loop[0] = netty.channel().eventLoop());
        RelayConnection connection = new RelayConnection(core, remote, loop[0],
                guard == null ? null : guard.address(), refusals, () -> {
                    LOG.info("closing slow reader {}", remote);
                    core.metrics.slowReaderClosed();
                    cutOff.tryEmitEmpty();
                });
        in.withConnection(connection::channel);
        if (guard != null) {
            guard.upgraded(connection::subscriptionCount);
        }
        connections.add(connection);
        LOG.info("{} connected", connection);
        notify(core.options.onConnect(), connection);
        connection.open();

        AtomicBoolean inputEnded = new AtomicBoolean();
        Mono<Void> reading = in.aggregateFrames(core.options.maxMessageBytes())
                .receiveFrames()
                .doOnNext(frame -> {
                    if (guard != null) {
                        guard.messageReceived();
                    }
                })
                // a pong (the answer to the guard's ping, or unsolicited: RFC 6455 5.5.3) shows the client is
                // alive and is no message; reactor-netty answers pings and close frames itself
                .filter(frame -> !(frame instanceof PongWebSocketFrame))
                .flatMap(connection::handle, core.options.maxEventsInFlight())
                .onErrorResume(error -> {
                    LOG.debug("{} inbound ended: {}", connection, error.toString());
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    inputEnded.set(true);
                    connection.drain();
                })
                .then();
        // When the input ended first, the client closed (reactor-netty answered its close frame) or is gone.
        Mono<Void> writing = out.sendObject(connection.outbound().frames(out.alloc()))
                .then()
                .then(Mono.defer(() -> inputEnded.get() ? Mono.<Void>empty() : startClosingHandshake(out, connection)))
                .onErrorResume(error -> Mono.empty());
        Mono<Void> cutOffTimer = cutOff.asMono()
                .then(Mono.delay(core.options.slowReaderGrace()))
                .doOnNext(tick -> connection.closeChannel())
                .then();
        return Mono.when(reading, writing)
                .takeUntilOther(cutOffTimer.then(Mono.just(true)))
                .doFinally(signal -> {
                    connection.closeChannel();
                    connection.terminate();
                    connectionSlots.decrementAndGet();
                    connections.remove(connection);
                    LOG.info("{} disconnected", connection);
                    notify(core.options.onDisconnect(), connection);
                    if (shuttingDown.get() && connections.isEmpty()) {
                        drained.tryEmitEmpty();
                    }
                });
    }

    /**
     * Sends the close frame behind everything already written, then shuts down only the output (a FIN
     * follows the frame) and leaves the input open: the connection ends when the client answers with its
     * own close frame (or its input ends), and {@link #serve} then closes the socket with nothing unread.
     *
     * <p>Closing the socket right after the close frame, as {@link WebsocketOutbound#sendClose} does, makes
     * the kernel reset the connection whenever client messages still wait unread in it (EVENTs sent while
     * the relay was draining, say), and the reset can discard what the client has not read yet: the last
     * answers and the close frame itself. A client that never answers is cut off by
     * {@link RelayOptions#shutdownTimeout()} or, for a slow reader, {@link RelayOptions#slowReaderGrace()}.
     */
    private static Mono<Void> startClosingHandshake(WebsocketOutbound out, RelayConnection connection) {
        CloseWebSocketFrame frame = connection.outbound().overflowed()
                ? new CloseWebSocketFrame(POLICY_VIOLATION, "slow reader")
                : new CloseWebSocketFrame(GOING_AWAY, "relay shutting down");
        return out.sendObject(frame)
                .then()
                .then(Mono.fromRunnable(() -> out.withConnection(netty -> {
                    if (netty.channel() instanceof DuplexChannel duplex) {
                        duplex.shutdownOutput();
                    }
                })));
    }

    private static void notify(Iterable<SessionListener> listeners, RelaySession session) {
        for (SessionListener listener : listeners) {
            try {
                listener.on(session);
            } catch (RuntimeException e) {
                LOG.warn("session listener failed", e);
            }
        }
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Shuts down gracefully: refuses new connections (HTTP 503), stops taking client messages, lets
     * every message in flight be stored and answered, flushes what each client still has to receive,
     * sends each client a close frame (status 1001) and closes its connection once the client answers it,
     * closes the listening socket and the connections of HTTP extensions ({@link RelayOptions#httpRoutes()}:
     * a transfer still running is cut there), and then closes the store (unless
     * {@link RelayOptions#closeStoreOnShutdown()} is off). Connections still open after
     * {@link RelayOptions#shutdownTimeout()} are closed hard. Idempotent: every call returns the same
     * completion.
     *
     * @return completes when done, or errors
     */
    public Mono<Void> shutdown() {
        return shutdown;
    }

    private Mono<Void> stop() {
        shuttingDown.set(true);
        LOG.info("relay shutting down, {} connections open", connections.size());
        background.dispose();
        connections.forEach(RelayConnection::drain);
        if (connections.isEmpty()) {
            drained.tryEmitEmpty();
        }
        Mono<Void> waitForConnections = drained.asMono()
                .timeout(core.options.shutdownTimeout(), Mono.fromRunnable(() -> {
                    LOG.warn("{} connections still open after {}, closing them", connections.size(),
                            core.options.shutdownTimeout());
                    connections.forEach(RelayConnection::closeChannel);
                }));
        DisposableServer bound = server;
        Mono<Void> closeListener = bound == null ? Mono.empty()
                : Mono.fromRunnable(bound::dispose).then(bound.onDispose());
        // a kept-alive HTTP extension connection (Blossom) outlives the listener otherwise, served by a stopped relay
        Mono<Void> closeHttp = Mono.create(sink -> httpChannels.close().addListener(done -> sink.success()));
        Mono<Void> closeStore = core.options.closeStoreOnShutdown() ? core.store.close() : Mono.empty();
        // disposing the fan-out thread's executor takes its queue lock: not on the event loop that closed the listener
        Mono<Void> stopDispatcher = Mono.fromRunnable(core.dispatcher::dispose).subscribeOn(Schedulers.boundedElastic())
                .then();
        return waitForConnections.then(closeListener).then(closeHttp).then(stopDispatcher).then(closeStore)
                .doOnSuccess(v -> LOG.info("relay stopped"));
    }
}
