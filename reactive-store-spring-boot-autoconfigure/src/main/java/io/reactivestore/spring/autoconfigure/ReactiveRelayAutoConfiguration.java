package io.reactivestore.spring.autoconfigure;

import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Starts a Nostr relay ({@link NostrRelay}) over the {@link EventStore} bean when
 * {@code reactive-store.relay.enabled=true} and {@code reactive-relay} is on the classpath, configured from
 * {@link ReactiveRelayProperties} and then by every {@link RelayOptionsCustomizer} bean. Backs off when the
 * application defines its own {@code NostrRelay} bean.
 *
 * <p>The relay binds while the context starts (waiting at most {@code reactive-store.relay.start-timeout})
 * and shuts down gracefully when the context is destroyed, before the store closes (it does not close the
 * store itself), waiting at most {@code reactive-store.relay.shutdown-timeout} plus ten seconds.
 */
@AutoConfiguration(after = ReactiveStoreAutoConfiguration.class)
@ConditionalOnClass(NostrRelay.class)
@ConditionalOnBooleanProperty("reactive-store.relay.enabled")
@ConditionalOnBean(EventStore.class)
@EnableConfigurationProperties(ReactiveRelayProperties.class)
public class ReactiveRelayAutoConfiguration {

    /** Created by Spring. */
    public ReactiveRelayAutoConfiguration() {
    }

    /**
     * Starts the relay and shuts it down on context shutdown.
     *
     * @param store the store to serve
     * @param properties {@code reactive-store.relay.*}
     * @param customizers applied in order after the properties
     * @return the running relay, owned by this bean
     */
    @Bean
    @ConditionalOnMissingBean(NostrRelay.class)
    ManagedResource<NostrRelay> nostrRelayLifecycle(EventStore store, ReactiveRelayProperties properties,
                                                    ObjectProvider<RelayOptionsCustomizer> customizers) {
        RelayOptions.Builder builder = options(properties);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        NostrRelay relay = NostrRelay.start(store, builder.build()).block(properties.startTimeout());
        if (relay == null) {
            throw new IllegalStateException("the relay did not start");
        }
        return new ManagedResource<>(relay, NostrRelay::shutdown,
                properties.shutdownTimeout().plusSeconds(10));
    }

    /**
     * The running relay as a bean (its {@link NostrRelay#url()} and {@link NostrRelay#port()} tell where
     * it listens). {@link #nostrRelayLifecycle} shuts it down.
     *
     * @param lifecycle the owner of the running relay
     * @return the relay
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(NostrRelay.class)
    NostrRelay nostrRelay(ManagedResource<NostrRelay> lifecycle) {
        return lifecycle.get();
    }

    /** The relay options the properties describe; the store stays open when the relay shuts down. */
    static RelayOptions.Builder options(ReactiveRelayProperties p) {
        return RelayOptions.builder()
                .host(p.host())
                .port(p.port())
                .publicUrl(p.publicUrl())
                .name(p.name())
                .description(p.description())
                .adminPubkey(p.adminPubkey())
                .contact(p.contact())
                .maxMessageBytes(p.maxMessageBytes())
                .maxSubscriptions(p.maxSubscriptions())
                .maxFiltersPerRequest(p.maxFilters())
                .maxLimit(p.maxLimit())
                .defaultLimit(p.defaultLimit())
                .maxEventTags(p.maxEventTags())
                .maxContentLength(p.maxContentLength())
                .maxConnections(p.maxConnections())
                .eventsPerSecondPerConnection(p.eventsPerSecond())
                .eventsPerSecondPerIp(p.eventsPerSecondPerIp())
                .requestsPerSecondPerConnection(p.requestsPerSecond())
                .requestsPerSecondPerIp(p.requestsPerSecondPerIp())
                .minPowDifficulty(p.minPow())
                .authRequiredForReads(p.authRequiredForReads())
                .authRequiredForWrites(p.authRequiredForWrites())
                .createdAtPast(p.createdAtPast())
                .createdAtFuture(p.createdAtFuture())
                .shutdownTimeout(p.shutdownTimeout())
                .closeStoreOnShutdown(false);
    }
}
