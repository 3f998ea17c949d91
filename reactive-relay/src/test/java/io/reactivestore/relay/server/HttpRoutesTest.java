package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import io.reactivestore.relay.message.RelayMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import org.reactivestreams.Publisher;

/** {@link HttpRoutes}: path extensions and predicate extensions share one mechanism, asked in order. */
class HttpRoutesTest {

    private final RelayHarness harness = new RelayHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    /** Takes POSTs to {@code /} with a content type of its own, as the NIP-86 API does. */
    private static final class RpcOnRoot implements HttpRoutes {
        @Override
        public boolean handles(HttpServerRequest request) {
            return request.method() == HttpMethod.POST && "/".equals(request.fullPath())
                    && "application/x-test".equals(request.requestHeaders().get("Content-Type"));
        }

        @Override
        public Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
            return response.sendString(Mono.just("rpc")).then();
        }
    }

    private static String answer(NostrRelay relay, HttpMethod method, String path, String contentType, String accept) {
        return HttpClient.create()
                .headers(h -> {
                    if (contentType != null) {
                        h.add("Content-Type", contentType);
                    }
                    if (accept != null) {
                        h.add("Accept", accept);
                    }
                })
                .request(method).uri("http://127.0.0.1:" + relay.port() + path)
                .send(method == HttpMethod.POST ? ByteBufFlux.fromString(Mono.just("{}"), StandardCharsets.UTF_8,
                        io.netty.buffer.ByteBufAllocator.DEFAULT) : Mono.empty())
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> response.status().code() + " " + text))
                .block(RawClient.WAIT);
    }

    @Test
    void pathAndPredicateRoutesAnswerBesideTheRelayOnTheSamePort() {
        NostrRelay relay = harness.start(options -> options
                .httpRoutes(HttpRoutes.path("/first", (request, response) -> response.sendString(Mono.just("1")).then()))
                .httpRoutes(new RpcOnRoot())
                .httpRoutes(HttpRoutes.path("/first", (request, response) -> response.sendString(Mono.just("2")).then())));

        assertThat(answer(relay, HttpMethod.GET, "/first", null, null)).isEqualTo("200 1");
        assertThat(answer(relay, HttpMethod.GET, "/first?x=1", null, null)).isEqualTo("200 1");
        assertThat(answer(relay, HttpMethod.GET, "/second", null, null)).startsWith("404");
        assertThat(answer(relay, HttpMethod.POST, "/", "application/x-test", null)).isEqualTo("200 rpc");
        assertThat(answer(relay, HttpMethod.POST, "/", "text/plain", null)).startsWith("405");
        assertThat(answer(relay, HttpMethod.GET, "/", null, "application/nostr+json")).contains("supported_nips");
        RawClient client = harness.connect(relay);
        client.send("[\"REQ\",\"s\",{\"limit\":1}]");
        assertThat(client.next(RelayMessage.Eose.class).subscriptionId()).isEqualTo("s");
    }

    @Test
    void aPathRouteNeedsARealPath() {
        assertThatThrownBy(() -> HttpRoutes.path("/", (request, response) -> Mono.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpRoutes.path("metrics", (request, response) -> Mono.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
