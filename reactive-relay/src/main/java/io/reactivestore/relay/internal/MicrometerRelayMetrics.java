package io.reactivestore.relay.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * {@link RelayMetrics} in a Micrometer {@link MeterRegistry}; the meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code relay.events} timer, tag {@code accepted} ({@code relay_events_seconds}): EVENT to OK, as a
 *       histogram</li>
 *   <li>{@code relay.req.stored} timer ({@code relay_req_stored_seconds}): REQ to EOSE, as a histogram</li>
 *   <li>{@code relay.live.deliveries} counter: live events queued for subscribers</li>
 *   <li>{@code relay.slow.readers} counter: connections closed for reading too slowly</li>
 *   <li>{@code relay.rejections} counter, tags {@code message} (OK, CLOSED, NOTICE) and {@code prefix}
 *       (the NIP-01 prefix: blocked, rate-limited, invalid, ...; {@code other} for any other text)</li>
 *   <li>gauges the relay registers: {@code relay.connections}, {@code relay.subscriptions},
 *       {@code relay.live.backlog}</li>
 * </ul>
 * Loaded only when a registry is configured, so Micrometer stays an optional dependency. Thread-safe.
 */
public final class MicrometerRelayMetrics implements RelayMetrics {

    /** The prefixes NIP-01 and NIP-42 define; any other text is counted as {@code other}. */
    private static final Set<String> PREFIXES = Set.of("duplicate", "pow", "blocked", "rate-limited", "invalid",
            "restricted", "mute", "error", "auth-required", "unsupported");

    private final MeterRegistry registry;
    private final Timer accepted;
    private final Timer refused;
    private final Timer stored;
    private final Counter live;
    private final Counter slowReaders;
    /** One counter per message type and prefix: at most 3 x 11 entries. */
    private final ConcurrentHashMap<String, Counter> rejections = new ConcurrentHashMap<>();

    private MicrometerRelayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = events(registry, "true");
        this.refused = events(registry, "false");
        this.stored = Timer.builder("relay.req.stored")
                .description("time from a REQ to its EOSE (stored events sent)")
                .publishPercentileHistogram()
                .register(registry);
        this.live = Counter.builder("relay.live.deliveries")
                .description("live events queued for a subscriber").register(registry);
        this.slowReaders = Counter.builder("relay.slow.readers")
                .description("connections closed because the client read too slowly").register(registry);
    }

    private static Timer events(MeterRegistry registry, String accepted) {
        return Timer.builder("relay.events")
                .description("time from an EVENT to its OK")
                .tag("accepted", accepted)
                .publishPercentileHistogram()
                .register(registry);
    }

    /**
     * Creates the relay's meters in {@code registry}.
     *
     * @param registry where to record
     * @return the metrics
     */
    public static RelayMetrics create(MeterRegistry registry) {
        return new MicrometerRelayMetrics(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public long now() {
        return System.nanoTime();
    }

    @Override
    public void gauge(String name, String description, DoubleSupplier value) {
        Gauge.builder(name, value, DoubleSupplier::getAsDouble).description(description).strongReference(true)
                .register(registry);
    }

    @Override
    public void eventAnswered(long start, boolean accepted) {
        (accepted ? this.accepted : refused).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    @Override
    public void storedAnswered(long start) {
        stored.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    @Override
    public void liveDelivered() {
        live.increment();
    }

    @Override
    public void slowReaderClosed() {
        slowReaders.increment();
    }

    @Override
    public void rejected(String message, String text) {
        int colon = text.indexOf(':');
        String prefix = colon > 0 ? text.substring(0, colon) : "";
        String tag = PREFIXES.contains(prefix) ? prefix : "other";
        rejections.computeIfAbsent(message + ' ' + tag, key -> Counter.builder("relay.rejections")
                .description("refusals sent to clients, by relay message and NIP-01 prefix")
                .tag("message", message)
                .tag("prefix", tag)
                .register(registry)).increment();
    }
}
