package io.reactivestore.replica;

import java.util.function.Function;
import reactor.core.publisher.Mono;

/** One write queued for an asynchronous store: what it is (for {@link LostWrite}) and how to do it. */
record AsyncWrite<S>(String operation, String key, Function<S, Mono<?>> write) {
}
