package io.reactivestore.benchmarks.relay;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.LoopResources;
import reactor.util.concurrent.Queues;

/**
 * A WebSocket client of the hostile-clients harness, bound to a chosen loopback address (Linux routes all
 * of 127.0.0.0/8 to {@code lo}), on two event loops of its own, unpooled. Every text message goes to
 * {@code onMessage} on the event loop (keep it short); outbound messages wait in a bounded queue of
 * {@value #QUEUE} (a full queue throws). It answers pings (reactor-netty does).
 */
final class HostileWs implements AutoCloseable {

    static final String THREAD_PREFIX = "hostile-client";
    /** The attackers' event loops. */
    private static final LoopResources LOOPS = LoopResources.create(THREAD_PREFIX, 2, true);
    /** The canary's and the publisher's own loop: they stand for users elsewhere, not queued behind attackers. */
    private static final LoopResources QUIET = LoopResources.create(THREAD_PREFIX + "-quiet", 1, true);
    private static final int QUEUE = 8192;

    final CompletableFuture<Void> open = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(QUEUE).get());
    private final Disposable connection;

    private HostileWs(String url, String localAddress, Consumer<String> onMessage, boolean quiet) {
        connection = HttpClient.newConnection()
                .runOn(quiet ? QUIET : LOOPS)
                .bindAddress(() -> new InetSocketAddress(localAddress, 0))
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
                .uri(url)
                .handle((in, out) -> {
                    open.complete(null);
                    Mono<Void> reading = onMessage == null
                            ? in.receive().then()
                            : in.aggregateFrames(1 << 20).receive().asString(StandardCharsets.UTF_8)
                                    .doOnNext(onMessage).then();
                    Mono<Void> writing = out.sendString(outgoing.asFlux(), StandardCharsets.UTF_8).then();
                    return Mono.when(reading, writing);
                })
                .doFinally(signal -> {
                    open.completeExceptionally(new IllegalStateException("refused"));
                    closed.complete(null);
                })
                .subscribe(v -> { }, error -> { });
    }

    /**
     * Starts connecting from {@code localAddress} on the attackers' loops; {@link #open} completes or fails.
     * With a {@code null} {@code onMessage} what arrives is read and dropped undecoded.
     */
    static HostileWs connect(String url, String localAddress, Consumer<String> onMessage) {
        return new HostileWs(url, localAddress, onMessage, false);
    }

    /** Like {@link #connect}, on the quiet loop of the measuring clients. */
    static HostileWs connectQuiet(String url, String localAddress, Consumer<String> onMessage) {
        return new HostileWs(url, localAddress, onMessage, true);
    }

    /** Queues a text message. */
    synchronized void send(String text) {
        Sinks.EmitResult result = outgoing.tryEmitNext(text);
        if (result.isFailure()) {
            throw new IllegalStateException("send failed: " + result);
        }
    }

    @Override
    public void close() {
        connection.dispose();
    }
}
