package io.reactivestore.examples;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.reactivestore.relay.server.HttpRoutes;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.metrics.MeteredEventStore;
import reactor.core.publisher.Mono;

/**
 * {@code --metrics}: the relay's and the store's meters (plus JVM memory, threads and CPU) in a Prometheus
 * registry, served at {@code GET /metrics} on the relay's port in the Prometheus text format.
 */
final class PrometheusEndpoint {

    /** The path of the scrape. */
    static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    PrometheusEndpoint() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** The store, measured under the tag {@code store=<name>}. */
    EventStore measure(EventStore store, String name) {
        return MeteredEventStore.wrap(store, registry, name);
    }

    /** Records the relay's meters and serves {@link #PATH}. */
    RelayOptions.Builder serve(RelayOptions.Builder options) {
        return options.meterRegistry(registry).httpRoutes(HttpRoutes.path(PATH, (request, response) -> {
            if (request.method() != HttpMethod.GET) {
                return response.status(HttpResponseStatus.METHOD_NOT_ALLOWED).send();
            }
            // A scrape renders a few kB of text from counters: CPU work of well under a millisecond.
            return response.header(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                    .sendString(Mono.fromCallable(registry::scrape)).then();
        }));
    }

    /** {@return the registry, for tests} */
    PrometheusMeterRegistry registry() {
        return registry;
    }
}
