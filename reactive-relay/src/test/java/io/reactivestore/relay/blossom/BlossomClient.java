package io.reactivestore.relay.blossom;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A loopback HTTP client for Blossom tests on reactor-netty's HttpClient, plus BUD-11 token making. Each
 * client pools its connections on its own (closed by {@link #close()}): a shared pool would hand a test a
 * connection kept alive from an earlier test's server on a reused port.
 */
final class BlossomClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    /** One answer: status, headers, whole body (tests only fetch small bodies this way). */
    record Reply(int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String reason() {
            return headers.get("X-Reason");
        }
    }

    private final ConnectionProvider pool = ConnectionProvider.create("blossom-test", 4);
    private final HttpClient http;

    BlossomClient(String host, int port) {
        this.http = HttpClient.create(pool).baseUrl("http://" + host + ":" + port);
    }

    @Override
    public void close() {
        pool.disposeLater().block(WAIT);
    }

    Reply send(HttpMethod method, String path, Consumer<HttpHeaders> headers, Publisher<ByteBuf> body) {
        return http.headers(headers)
                .request(method)
                .uri(path)
                .send(body == null ? Mono.empty() : body)
                .responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                        .map(bytes -> new Reply(response.status().code(), response.responseHeaders(), bytes)))
                .block(WAIT);
    }

    Reply send(HttpMethod method, String path, Consumer<HttpHeaders> headers, byte[] body) {
        return send(method, path, headers, body == null ? null : Mono.just(Unpooled.wrappedBuffer(body)));
    }

    Reply get(String path) {
        return send(HttpMethod.GET, path, h -> { }, (byte[]) null);
    }

    /** A token event for {@code verb} signed by {@code keys}, valid from a minute ago for an hour. */
    static UnsignedEvent token(String verb, long now) {
        return UnsignedEvent.of(BlossomAuth.KIND, verb + " blob")
                .withCreatedAt(now - 60)
                .withTag("t", verb)
                .withTag("expiration", Long.toString(now + 3600));
    }

    /** The Authorization header value for {@code event}. */
    static String header(Event event) {
        return "Nostr " + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(event.toJson().getBytes(StandardCharsets.UTF_8));
    }

    static String header(KeyPair keys, UnsignedEvent unsigned) {
        return header(keys.sign(unsigned));
    }
}
