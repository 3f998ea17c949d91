package io.reactivestore.relay.server;

import static io.reactivestore.relay.server.RelayHarness.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.relay.internal.RelayMetrics;
import io.reactivestore.relay.message.RelayMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay's meters: none by default, and what a registry records. */
class RelayMetricsTest {

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void withoutARegistryNothingIsRecordedAndNoClockIsRead() {
        RelayOptions options = RelayOptions.defaults();
        assertThat(options.metrics()).isSameAs(RelayMetrics.NONE);
        assertThat(options.metrics().now()).isZero();
    }

    @Test
    void aRegistryCountsEventsRequestsAndRefusalsByPrefix() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NostrRelay relay = harness.start(options -> options.maxFiltersPerRequest(1).meterRegistry(registry));
        RawClient client = harness.connect(relay);
        assertThat(client.publishAndAwait(note(alice, "counted")).accepted()).isTrue();
        assertThat(client.query("q", Filter.builder().kinds(1).build())).hasSize(1);
        client.send("not json");
        client.next(RelayMessage.Notice.class);
        client.req("two", Filter.ALL, Filter.ALL);
        client.next(RelayMessage.Closed.class);

        assertThat(registry.get("relay.events").tag("accepted", "true").timer().count()).isEqualTo(1);
        assertThat(registry.get("relay.req.stored").timer().count()).isEqualTo(1);
        assertThat(registry.get("relay.rejections").tag("message", "NOTICE").tag("prefix", "invalid").counter()
                .count()).isEqualTo(1.0);
        assertThat(registry.get("relay.rejections").tag("message", "CLOSED").tag("prefix", "invalid").counter()
                .count()).isEqualTo(1.0);
        assertThat(registry.get("relay.connections").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("relay.subscriptions").gauge().value()).isEqualTo(1.0);
    }
}
