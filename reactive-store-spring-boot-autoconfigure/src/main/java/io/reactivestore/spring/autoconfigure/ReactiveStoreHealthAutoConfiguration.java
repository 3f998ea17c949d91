package io.reactivestore.spring.autoconfigure;

import io.reactivestore.store.EventStore;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link ReactiveStoreHealthIndicator} (contributor name {@code reactiveStore}) for the
 * {@link EventStore} bean when {@code spring-boot-health} is on the classpath (as with the actuator);
 * {@code management.health.reactive-store.enabled=false} turns it off.
 */
@AutoConfiguration(after = {ReactiveStoreAutoConfiguration.class, ReactiveRelayAutoConfiguration.class})
@ConditionalOnClass({ReactiveHealthIndicator.class, EventStore.class})
@ConditionalOnBean(EventStore.class)
@ConditionalOnEnabledHealthIndicator("reactive-store")
public class ReactiveStoreHealthAutoConfiguration {

    /** Created by Spring. */
    public ReactiveStoreHealthAutoConfiguration() {
    }

    /**
     * The store's health indicator; a bean of the same name defined by the application wins.
     *
     * @param store the store to check
     * @return an indicator whose check times out after 10 seconds
     */
    @Bean
    @ConditionalOnMissingBean(name = "reactiveStoreHealthIndicator")
    public ReactiveStoreHealthIndicator reactiveStoreHealthIndicator(EventStore store) {
        return new ReactiveStoreHealthIndicator(store, Duration.ofSeconds(10));
    }
}
