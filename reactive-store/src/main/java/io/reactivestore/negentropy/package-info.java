/**
 * NIP-77 negentropy: range-based set reconciliation (Negentropy protocol version 1) between two sorted
 * sets of {@code (created_at, id)} records.
 *
 * <p>{@link io.reactivestore.negentropy.Negentropy} is the protocol itself: pure, no I/O, no threads, one
 * instance per reconciliation. {@link io.reactivestore.negentropy.NegentropyStorage} is the compact sorted
 * record array it reads (40 bytes a record, capped), built from any stream of events.
 * The NIP-77 wire envelope ({@code NEG-OPEN}, {@code NEG-MSG}, {@code NEG-CLOSE}, {@code NEG-ERR}) is the
 * relay module's ({@code io.reactivestore.relay.message}).
 *
 * <p>References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.negentropy;

import org.jspecify.annotations.NullMarked;
