package io.reactivestore.spring.autoconfigure;

import io.reactivestore.event.Filter;
import io.reactivestore.store.EventStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

/**
 * Health of the {@link EventStore} bean: {@code UP} when a one-event count answers within the timeout,
 * {@code DOWN} with the error when it fails (closed store, unreachable database) or times out. The
 * {@code store} detail names the backend (never a password). Nothing blocks: the check is the store's own
 * non-blocking {@code count}.
 */
public class ReactiveStoreHealthIndicator extends AbstractReactiveHealthIndicator {

    private static final List<Filter> ONE_EVENT = List.of(Filter.builder().limit(1).build());

    private final EventStore store;
    private final Duration timeout;

    /**
     * An indicator for {@code store}.
     *
     * @param store the store to check
     * @param timeout how long a check may take before it counts as {@code DOWN}
     */
    public ReactiveStoreHealthIndicator(EventStore store, Duration timeout) {
        super("event store health check failed");
        this.store = Objects.requireNonNull(store, "store");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return store.count(ONE_EVENT)
                .timeout(timeout)
                .map(ignored -> builder.up().withDetail("store", store.toString()).build());
    }
}
