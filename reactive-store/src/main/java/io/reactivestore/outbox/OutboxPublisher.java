package io.reactivestore.outbox;

import reactor.core.publisher.Mono;

/**
 * Passes one outbox event on to the network for an {@link OutboxBroadcaster} and reports the network's
 * answer: {@code true} when it confirmed the event (a relay's {@code OK true}), {@code false} when it refused
 * it. An error, or no answer, means the outcome is unknown (connection lost, timeout). Publishing the same
 * event again must be harmless.
 */
@FunctionalInterface
public interface OutboxPublisher {

    /**
     * Publishes {@code event}; must not block the calling thread.
     *
     * @param event the event to pass on
     * @return the network's answer: {@code true} confirmed, {@code false} refused; an error or an empty
     *     answer counts as a failed attempt
     */
    Mono<Boolean> publish(OutboxEvent event);
}
