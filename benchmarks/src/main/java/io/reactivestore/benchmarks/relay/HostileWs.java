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
    private static final LoopResources LOOPS = LoopResources.create(THREAD_PREFIX, 2, true);
    private static final int QUEUE = 8192;

    final CompletableFuture<Void> open = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(QUEUE).get());
    private final Disposable connection;

    private HostileWs(String url, String localAddress, Consumer<String> onMessage) {
        connection = HttpClient.newConnection()
                .runOn(LOOPS)
                .bindAddress(() -> new InetSocketAddress(localAddress, 0))
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
                .uri(url)
                .handle((in, out) -> {
                    open.complete(null);
                    Mono<Void> reading = in.aggregateFrames(1 << 20).receive().asString(StandardCharsets.UTF_8)
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

    /** Starts connecting from {@code localAddress}; {@link #open} completes or fails. */
    static HostileWs connect(String url, String localAddress, Consumer<String> onMessage) {
        return new HostileWs(url, localAddress, onMessage);
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
