package io.reactivestore.examples.outbox;

import io.reactivestore.outbox.OutboxEvent;
import reactor.core.publisher.Mono;

/**
 * Passes one outbox event on to the network and reports the network's answer: {@code true} when it confirmed
 * the event (a relay's {@code OK true}), {@code false} when it refused it. An error, or no answer, means the
 * outcome is unknown (connection lost, timeout). Publishing the same event again must be harmless.
 */
@FunctionalInterface
public interface EventPublisher {

    Mono<Boolean> publish(OutboxEvent event);
}
