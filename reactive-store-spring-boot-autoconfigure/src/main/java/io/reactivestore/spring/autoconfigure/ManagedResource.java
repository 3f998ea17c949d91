package io.reactivestore.spring.autoconfigure;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Owns a resource opened by the auto-configuration and releases it when the Spring context is destroyed.
 * Spring would await a {@code Mono} returned by a destroy method without a bound; this waits at most
 * {@code timeout}, on the thread that closes the context. The resource itself is exposed as its own bean
 * (with no destroy method) that depends on this one, so Spring destroys every bean that uses the resource
 * before this one releases it.
 *
 * @param <T> the resource's type
 */
final class ManagedResource<T> implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedResource.class);

    private final T resource;
    private final Function<? super T, Mono<Void>> release;
    private final Duration timeout;

    ManagedResource(T resource, Function<? super T, Mono<Void>> release, Duration timeout) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.release = Objects.requireNonNull(release, "release");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The resource, open until this bean is destroyed. */
    T get() {
        return resource;
    }

    /**
     * Releases the resource and waits for it, at most the timeout. On a Reactor non-blocking thread
     * (where blocking is forbidden) the release is started and not awaited. A failure or a timeout is
     * logged, not thrown: the rest of the context still shuts down.
     */
    @Override
    public void destroy() {
        Mono<Void> releasing = release.apply(resource);
        if (Schedulers.isInNonBlockingThread()) {
            LOG.warn("closing {} from non-blocking thread {}: not waiting for it", resource,
                    Thread.currentThread().getName());
            releasing.subscribe(null, e -> LOG.warn("closing {} failed", resource, e));
            return;
        }
        try {
            releasing.block(timeout);
        } catch (RuntimeException e) {
            LOG.warn("closing {} failed or took longer than {}", resource, timeout, e);
        }
    }

    @Override
    public String toString() {
        return "ManagedResource{" + resource + "}";
    }
}
