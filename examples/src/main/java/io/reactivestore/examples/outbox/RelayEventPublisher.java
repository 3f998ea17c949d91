package io.reactivestore.examples.outbox;

import io.reactivestore.outbox.OutboxEvent;
import io.reactivestore.outbox.OutboxPublisher;
import io.reactivestore.relay.client.OkResult;
import io.reactivestore.relay.client.RelayClient;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link OutboxPublisher} to one Nostr relay: publishes each outbox event as a signed Nostr event
 * ({@link NostrOutboxEvents}) with {@link RelayClient#publish} and answers with the relay's {@code OK}:
 * {@code true} for {@code OK true} (a {@code duplicate:} answer included), {@code false} for a refusal. Timeouts
 * and connection failures arrive as errors, which {@link io.reactivestore.outbox.OutboxBroadcaster} counts as failed and retries. Signing
 * runs on the parallel scheduler, never on the connection's event loop.
 */
public final class RelayEventPublisher implements OutboxPublisher {

    private final RelayClient relay;
    private final NostrOutboxEvents nostr;

    public RelayEventPublisher(RelayClient relay, NostrOutboxEvents nostr) {
        this.relay = Objects.requireNonNull(relay, "relay");
        this.nostr = Objects.requireNonNull(nostr, "nostr");
    }

    @Override
    public Mono<Boolean> publish(OutboxEvent event) {
        return Mono.fromSupplier(() -> nostr.toNostr(event))
                .subscribeOn(Schedulers.parallel())
                .flatMap(relay::publish)
                .map(OkResult::accepted);
    }
}
