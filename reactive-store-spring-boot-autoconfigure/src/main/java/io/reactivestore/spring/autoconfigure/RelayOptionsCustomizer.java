package io.reactivestore.spring.autoconfigure;

import io.reactivestore.relay.server.RelayOptions;

/**
 * Adjusts the auto-configured relay's options after the {@code reactive-store.relay.*} properties are
 * applied: the place for policies ({@code rejectEvent}, {@code rejectFilter}), listeners and other
 * settings that have no property. Every bean of this type is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface RelayOptionsCustomizer {

    /**
     * Adjusts {@code builder}; called once, on the thread that starts the context.
     *
     * @param builder the relay's options, with the properties already applied
     */
    void customize(RelayOptions.Builder builder);
}
