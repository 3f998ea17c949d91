/**
 * Replicated stores: {@link io.reactivestore.replica.ReplicaBlobStore},
 * {@link io.reactivestore.replica.ReplicaAnchorStore} and {@link io.reactivestore.replica.ReplicaEventStore}
 * write to synchronous members before acknowledging and to asynchronous members through bounded,
 * backpressured queues; a failure puts the replica in an error state that reports the queued writes lost.
 *
 * <p>References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.replica;

import org.jspecify.annotations.NullMarked;
