package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.relay.message.ClientMessage;
import io.reactivestore.relay.message.MessageJson;
import io.reactivestore.relay.message.RelayMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * A raw WebSocket test client: sends any frame, even ones a polite client never would, and hands back
 * what the relay sent, one message at a time, each wait bounded. Reading can start paused to play a
 * slow reader.
 */
final class RawClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final Sinks.Many<WebSocketFrame> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    /**
     * Filled on the connection's event loop, so its offer must never wait: a {@code LinkedBlockingQueue} takes a
     * lock to signal the test thread, and when that lock is contended BlockHound fails the event loop with
     * "Blocking call! Unsafe#park", ending this client's reading so that the test times out waiting for messages.
     */
    private final LinkedTransferQueue<String> received = new LinkedTransferQueue<>();
    private final CompletableFuture<WebSocketCloseStatus> closeStatus = new CompletableFuture<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final Sinks.Empty<Void> readGate = Sinks.empty();
    private final Disposable connection;

    /**
     * Where a client connects from: the local address its socket binds (any of 127.0.0.0/8 on Linux) and
     * extra request headers (e.g. {@code X-Forwarded-For}); {@link #DEFAULT} for neither.
     */
    record Origin(String localAddress, Map<String, String> headers) {
        static final Origin DEFAULT = new Origin(null, Map.of());

        static Origin from(String localAddress) {
            return new Origin(localAddress, Map.of());
        }

        Origin withHeader(String name, String value) {
            Map<String, String> all = new java.util.LinkedHashMap<>(headers);
            all.put(name, value);
            return new Origin(localAddress, all);
        }

        HttpClient apply(HttpClient client) {
            HttpClient c = client;
            if (localAddress != null) {
                c = c.bindAddress(() -> new InetSocketAddress(localAddress, 0));
            }
            if (!headers.isEmpty()) {
                c = c.headers(h -> headers.forEach(h::add));
            }
            return c;
        }
    }

    private RawClient(String url, boolean paused) {
        this(url, paused, Origin.DEFAULT);
    }

    private RawClient(String url, boolean paused, Origin origin) {
        if (!paused) {
            readGate.tryEmitEmpty();
        }
        connection = origin.apply(HttpClient.create())
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(16 * 1024 * 1024).build())
                .uri(url)
                .handle((in, out) -> {
                    connected.complete(null);
                    in.receiveCloseStatus().subscribe(closeStatus::complete);
                    Mono<Void> reading = in.aggregateFrames(16 * 1024 * 1024).receiveFrames()
                            .filter(frame -> frame instanceof TextWebSocketFrame)
                            .map(frame -> ((TextWebSocketFrame) frame).text())
                            .delayUntil(text -> readGate.asMono())
                            .doOnNext(received::add)
                            .then();
                    Mono<Void> writing = out.sendObject(outgoing.asFlux()).then();
                    return Mono.when(reading, writing);
                })
                .doOnError(connected::completeExceptionally)
                // The close status and the end of the connection arrive in either order: only a connection that
                // ended without any close status within a grace period counts as closed without one.
                .doFinally(s -> Schedulers.parallel().schedule(() -> closeStatus.complete(null), 2, TimeUnit.SECONDS))
                .subscribe(v -> { }, error -> { });
    }

    /** Connects and waits until the WebSocket is open. */
    static RawClient connect(String url) {
        return open(url, false);
    }

    /** Connects without reading anything until {@link #resumeReading()}. */
    static RawClient connectPaused(String url) {
        return open(url, true);
    }

    private static RawClient open(String url, boolean paused) {
        RawClient client = new RawClient(url, paused);
        RelayHarness.await(client.connected, WAIT);
        return client;
    }

    /** Connects from {@code origin} and waits until the WebSocket is open. */
    static RawClient connect(String url, Origin origin) {
        RawClient client = new RawClient(url, false, origin);
        RelayHarness.await(client.connected, WAIT);
        return client;
    }

    /** Whether connecting from {@code origin} fails (e.g. the relay answered HTTP 429 or 503). */
    static boolean refuses(String url, Origin origin) {
        RawClient client = new RawClient(url, false, origin);
        try {
            RelayHarness.await(client.connected, WAIT);
            client.close();
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Whether connecting fails (e.g. the relay answered HTTP 503). */
    static boolean refuses(String url) {
        RawClient client = new RawClient(url, false);
        try {
            RelayHarness.await(client.connected, WAIT);
            client.close();
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    void resumeReading() {
        readGate.tryEmitEmpty();
    }

    synchronized void sendFrame(WebSocketFrame frame) {
        Sinks.EmitResult result = outgoing.tryEmitNext(frame);
        assertThat(result.isSuccess()).as("send %s", result).isTrue();
    }

    void send(String text) {
        sendFrame(new TextWebSocketFrame(text));
    }

    void sendBytes(byte[] textPayload) {
        sendFrame(new TextWebSocketFrame(Unpooled.wrappedBuffer(textPayload)));
    }

    void sendBinary(byte[] payload) {
        sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }

    void send(ClientMessage message) {
        sendBytes(MessageJson.write(message));
    }

    void publish(Event event) {
        send(new ClientMessage.Publish(event));
    }

    void req(String subId, Filter... filters) {
        send(new ClientMessage.Req(subId, List.of(filters)));
    }

    /** The next raw message, waiting at most {@link #WAIT}. */
    String nextText() {
        try {
            String text = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) {
                fail("no message from the relay within " + WAIT);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next message, decoded. */
    RelayMessage next() {
        return MessageJson.parseRelayMessage(nextText().getBytes(StandardCharsets.UTF_8));
    }

    /** The next message, which must be of {@code type}. */
    <T extends RelayMessage> T next(Class<T> type) {
        RelayMessage message = next();
        assertThat(message).isInstanceOf(type);
        return type.cast(message);
    }

    /** Skips messages until one of {@code type} comes. */
    <T extends RelayMessage> T skipTo(Class<T> type) {
        while (true) {
            RelayMessage message = next();
            if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
    }

    /** Publishes and returns the relay's OK for it. */
    RelayMessage.Ok publishAndAwait(Event event) {
        publish(event);
        RelayMessage.Ok ok = skipTo(RelayMessage.Ok.class);
        assertThat(ok.eventId()).isEqualTo(event.id());
        return ok;
    }

    /**
     * Waits for the OKs of {@code ids} (published earlier on this connection, answered in any order),
     * skipping other messages and OKs of other ids.
     */
    java.util.Map<String, RelayMessage.Ok> awaitOks(java.util.Collection<String> ids) {
        java.util.Map<String, RelayMessage.Ok> oks = new java.util.HashMap<>();
        while (!oks.keySet().containsAll(ids)) {
            RelayMessage.Ok ok = skipTo(RelayMessage.Ok.class);
            if (ids.contains(ok.eventId())) {
                oks.put(ok.eventId(), ok);
            }
        }
        return oks;
    }

    /** The events of {@code subId} up to its EOSE, skipping messages of other kinds. */
    List<Event> storedEvents(String subId) {
        List<Event> events = new ArrayList<>();
        while (true) {
            RelayMessage message = next();
            if (message instanceof RelayMessage.EventMessage e && e.subscriptionId().equals(subId)) {
                events.add(e.event());
            } else if (message instanceof RelayMessage.Eose eose && eose.subscriptionId().equals(subId)) {
                return events;
            } else if (message instanceof RelayMessage.Closed closed && closed.subscriptionId().equals(subId)) {
                fail("subscription closed: " + closed.message());
            }
        }
    }

    /** Sends a REQ and returns its stored events. */
    List<Event> query(String subId, Filter... filters) {
        req(subId, filters);
        return storedEvents(subId);
    }

    /** Nothing more arrives for {@code quiet} (used only to show that something is NOT sent). */
    void assertNothingWithin(Duration quiet) {
        try {
            String text = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(text).as("unexpected message").isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The close status the relay sent, waiting at most {@link #WAIT}; {@code null} if closed without one. */
    WebSocketCloseStatus awaitClose() {
        return RelayHarness.await(closeStatus, WAIT.multipliedBy(3));
    }

    boolean isClosed() {
        return closeStatus.isDone();
    }

    @Override
    public void close() {
        outgoing.tryEmitComplete();
        connection.dispose();
    }
}
