package io.reactivestore.spring.autoconfigure;

import io.reactivestore.store.EventStore;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures an {@link EventStore} from {@link ReactiveStoreProperties} ({@code reactive-store.*}):
 * the embedded default in {@code reactive-store.directory} unless {@code reactive-store.type} says
 * otherwise. Backs off when the application defines its own {@code EventStore} bean.
 *
 * <p>The store is opened while the context starts (the starting thread waits at most
 * {@code reactive-store.open-timeout}; a failure fails the startup) and closed when the context is
 * destroyed, after every bean that uses it (the relay first), waiting at most
 * {@code reactive-store.close-timeout}.
 */
@AutoConfiguration
@ConditionalOnClass(EventStore.class)
@EnableConfigurationProperties(ReactiveStoreProperties.class)
public class ReactiveStoreAutoConfiguration {

    /** Created by Spring. */
    public ReactiveStoreAutoConfiguration() {
    }

    /**
     * Opens the store and closes it on shutdown.
     *
     * @param properties {@code reactive-store.*}
     * @param beans where an application's R2DBC {@code ConnectionFactory} is found
     * @return the open store, owned by this bean
     */
    @Bean
    @ConditionalOnMissingBean(EventStore.class)
    ManagedResource<EventStore> reactiveStoreLifecycle(ReactiveStoreProperties properties, BeanFactory beans) {
        EventStore store = EventStoreOpener.open(properties, beans).block(properties.openTimeout());
        if (store == null) {
            throw new IllegalStateException("the event store did not open");
        }
        return new ManagedResource<>(store, EventStore::close, properties.closeTimeout());
    }

    /**
     * The store as a bean. It has no destroy method of its own: {@link #reactiveStoreLifecycle} closes it,
     * after the beans that depend on it are destroyed.
     *
     * @param lifecycle the owner of the open store
     * @return the store
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(EventStore.class)
    EventStore reactiveEventStore(ManagedResource<EventStore> lifecycle) {
        return lifecycle.get();
    }
}
