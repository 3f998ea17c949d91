package io.reactivestore.outbox;

import reactor.core.publisher.Mono;

/**
 * Whether this node may broadcast now, asked by an {@link OutboxBroadcaster} at the start of every round:
 * for example "this node is the current proposer" or "the balance covers the fees". When the answer is no,
 * the round sends nothing and marks nothing.
 */
@FunctionalInterface
public interface BroadcastEligibility {

    /**
     * Asked once per round, before anything is read for sending or marked; must not block the calling thread.
     *
     * @return {@code true} to broadcast this round; {@code false}, an empty answer or an error mean no (the
     *     broadcaster waits its retry delay and asks again next round)
     */
    Mono<Boolean> mayBroadcast();

    /**
     * The default: always eligible.
     *
     * @return a check that always says yes
     */
    static BroadcastEligibility always() {
        return () -> Mono.just(true);
    }
}
