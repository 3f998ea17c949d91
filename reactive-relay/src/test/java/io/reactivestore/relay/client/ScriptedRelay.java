package io.reactivestore.relay.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A fake relay for client tests, in the spirit of r2dbc-postgresql's scripted transport: a real
 * reactor-netty WebSocket server on 127.0.0.1, port 0, that records every text message it receives
 * and answers as the test's {@link Script} says.
 */
final class ScriptedRelay implements AutoCloseable {

    /** What the fake relay does; called on the connection's event loop. */
    interface Script {
        default void onConnect(Conn conn) {
        }

        void onMessage(Conn conn, String text);
    }

    /** A message the fake relay received, with the 0-based number of the connection it came on. */
    record Received(int connection, String text) {
    }

    /** One accepted connection. */
    static final class Conn {
        final int number;
        private final Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
        private volatile Connection connection;

        Conn(int number) {
            this.number = number;
        }

        synchronized void send(String text) {
            out.tryEmitNext(text);
        }

        /** Drops the TCP connection without a close frame. */
        void drop() {
            connection.dispose();
        }
    }

    private final DisposableServer server;
    /** Filled on event loops: {@code LinkedTransferQueue} offers without taking a lock (see RawClient). */
    private final BlockingQueue<Received> received = new LinkedTransferQueue<>();
    private final List<Conn> connections = new CopyOnWriteArrayList<>();

    private ScriptedRelay(Script script) {
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.ws("/", (in, out) -> {
                    Conn conn = new Conn(connections.size());
                    in.withConnection(c -> conn.connection = c);
                    connections.add(conn);
                    script.onConnect(conn);
                    Mono<Void> reading = in.aggregateFrames(1 << 20).receive().asString(StandardCharsets.UTF_8)
                            .doOnNext(text -> {
                                received.add(new Received(conn.number, text));
                                script.onMessage(conn, text);
                            })
                            .then()
                            .doFinally(signal -> conn.out.tryEmitComplete());
                    return out.sendString(conn.out.asFlux(), StandardCharsets.UTF_8).then().and(reading);
                }))
                .bindNow(Duration.ofSeconds(10));
    }

    static ScriptedRelay start(Script script) {
        return new ScriptedRelay(script);
    }

    String url() {
        return "ws://127.0.0.1:" + server.port() + "/";
    }

    /** The next message received; fails the test if none arrives within 5 seconds. */
    Received next() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the fake relay received nothing within 5 s");
        }
        return r;
    }

    /** The next message starting with {@code ["VERB"}, skipping others. */
    Received next(String verb) throws InterruptedException {
        while (true) {
            Received r = next();
            if (r.text().startsWith("[\"" + verb + "\"")) {
                return r;
            }
        }
    }

    /** Whether some message arrives within {@code wait}. */
    Received poll(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<Conn> connections() {
        return connections;
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
