package io.reactivestore.outbox;

import java.util.function.Function;
import reactor.core.publisher.Mono;

/** The outbox contract on the memory backend. */
class MemoryOutboxStoreTest extends OutboxStoreContract<MemoryTransaction> {

    @Override
    protected OutboxStore<MemoryTransaction> openEmpty(OutboxConfig config) {
        return MemoryOutbox.create(config);
    }

    @Override
    protected <R> Mono<R> inCallerTransaction(Function<MemoryTransaction, Mono<R>> work) {
        return MemoryTransaction.run(work);
    }

    @Override
    protected <R> Mono<R> outsideCallerTransaction(Function<MemoryTransaction, Mono<R>> work) {
        return MemoryTransaction.run(Mono::just).flatMap(ended -> work.apply(ended));
    }
}
