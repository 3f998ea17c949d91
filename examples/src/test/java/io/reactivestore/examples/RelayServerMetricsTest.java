package io.reactivestore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.SubscriptionItem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** {@code --metrics}: the relay's and the store's meters at {@code GET /metrics}, over loopback HTTP. */
class RelayServerMetricsTest {

    private static final Duration TIMEOUT = RelayServerUnderTest.TIMEOUT;

    @RegisterExtension
    final RelayServerUnderTest server = new RelayServerUnderTest();

    private HttpResponse<String> get(String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.relay().port() + path))
                .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsCountWhatTheRelayAndTheStoreDid() throws Exception {
        server.start("--port", "0", "--in-memory", "--metrics", "--warm-up-requests", "0");
        KeyPair keys = KeyPair.generate();
        Event note = keys.sign(UnsignedEvent.of(1, "measured"));
        Event live = keys.sign(UnsignedEvent.of(1, "delivered live"));
        Event tooOld = keys.sign(UnsignedEvent.of(1, "from the future").withCreatedAt(4_000_000_000L));
        RelayClient reader = RelayClient.create(server.relay().url());
        RelayClient writer = RelayClient.create(server.relay().url());
        try {
            assertThat(writer.publish(note).block(TIMEOUT).accepted()).isTrue();
            assertThat(writer.publish(tooOld).block(TIMEOUT).message()).startsWith("invalid:");
            StepVerifier.create(reader.subscribe(Filter.builder().authors(keys.publicKey()).build()))
                    .expectNextMatches(item -> note.equals(item.eventOrNull()))
                    .expectNextMatches(item -> item instanceof SubscriptionItem.EndOfStored)
                    .then(() -> writer.publish(live).block(TIMEOUT))
                    .expectNextMatches(item -> live.equals(item.eventOrNull()))
                    .then(() -> assertThat(scrape()).contains("relay_subscriptions 1.0"))
                    .thenCancel()
                    .verify(TIMEOUT);

            String metrics = scrape();
            assertThat(metrics)
                    .contains("relay_events_seconds_count{accepted=\"true\"} 2")
                    .contains("relay_events_seconds_count{accepted=\"false\"} 1")
                    .contains("relay_events_seconds_bucket{accepted=\"true\",le=\"")
                    .contains("relay_rejections_total{message=\"OK\",prefix=\"invalid\"} 1.0")
                    .contains("relay_req_stored_seconds_count 1")
                    .contains("relay_live_deliveries_total 1.0")
                    .contains("relay_connections 2.0")
                    .contains("relay_live_backlog 0.0")
                    .contains("relay_slow_readers_total 0.0")
                    .contains("store_saves_seconds_count{result=\"saved\",store=\"memory\"} 2")
                    .contains("store_queries_seconds_count{outcome=\"complete\",store=\"memory\"} 1")
                    .contains("store_query_events_total{store=\"memory\"} 1.0")
                    .contains("jvm_memory_used_bytes")
                    .contains("process_cpu_usage");
        } finally {
            reader.closeBlocking();
            writer.closeBlocking();
        }
    }

    @Test
    void aRefusedReqIsCountedByItsPrefix() throws Exception {
        server.start("--port", "0", "--in-memory", "--metrics", "--max-filters", "1");
        RelayClient client = RelayClient.create(server.relay().url());
        try {
            StepVerifier.create(client.subscribe(List.of(Filter.ALL, Filter.ALL)))
                    .expectError()
                    .verify(TIMEOUT);
            assertThat(scrape()).contains("relay_rejections_total{message=\"CLOSED\",prefix=\"invalid\"} 1.0");
        } finally {
            client.closeBlocking();
        }
    }

    @Test
    void withoutTheFlagThereIsNoMetricsPath() throws Exception {
        server.start("--port", "0", "--in-memory");
        assertThat(get("/metrics").statusCode()).isEqualTo(404);
    }

    private String scrape() {
        try {
            HttpResponse<String> response = get("/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            return response.body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
