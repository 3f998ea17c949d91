package io.reactivestore.anchor;

import io.reactivestore.blob.Ref;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** An {@link AnchorMapCell} in the heap: an atomic reference. */
final class MemoryAnchorMapCell implements AnchorMapCell {

    private final AtomicReference<Ref> ref = new AtomicReference<>();

    @Override
    public Mono<Ref> current() {
        return Mono.fromSupplier(ref::get);
    }

    @Override
    public Mono<Boolean> compareAndSet(@Nullable Ref expected, Ref next) {
        return Mono.fromSupplier(() -> ref.compareAndSet(expected, next));
    }
}
