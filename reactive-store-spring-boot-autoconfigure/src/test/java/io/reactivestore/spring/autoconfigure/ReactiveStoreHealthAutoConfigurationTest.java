package io.reactivestore.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.store.EventStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.test.StepVerifier;

/** {@link ReactiveStoreHealthAutoConfiguration}: one condition per test. */
class ReactiveStoreHealthAutoConfigurationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReactiveStoreAutoConfiguration.class,
                    ReactiveStoreHealthAutoConfiguration.class))
            .withPropertyValues("reactive-store.type=memory");

    @Test
    void anOpenStoreIsUp() {
        runner.run(context -> StepVerifier.create(context.getBean(ReactiveStoreHealthIndicator.class).health())
                .assertNext(health -> {
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsKey("store");
                })
                .expectComplete().verify(TIMEOUT));
    }

    @Test
    void aClosedStoreIsDown() {
        runner.run(context -> {
            context.getBean(EventStore.class).close().block(TIMEOUT);
            StepVerifier.create(context.getBean(ReactiveStoreHealthIndicator.class).health())
                    .assertNext(health -> assertThat(health.getStatus()).isEqualTo(Status.DOWN))
                    .expectComplete().verify(TIMEOUT);
        });
    }

    @Test
    void theIndicatorCanBeTurnedOff() {
        runner.withPropertyValues("management.health.reactive-store.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ReactiveStoreHealthIndicator.class));
    }

    @Test
    void noIndicatorWithoutSpringBootHealthOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("reactiveStoreHealthIndicator");
                });
    }

    @Test
    void theApplicationsOwnIndicatorOfTheSameNameWins() {
        ReactiveHealthIndicator own = () -> reactor.core.publisher.Mono.just(Health.outOfService().build());
        runner.withBean("reactiveStoreHealthIndicator", ReactiveHealthIndicator.class, () -> own)
                .run(context -> assertThat(context.getBean("reactiveStoreHealthIndicator")).isSameAs(own));
    }
}
