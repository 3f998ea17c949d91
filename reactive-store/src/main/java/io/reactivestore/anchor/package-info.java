/**
 * Anchors: constant names for changing blobs, kept by an {@link io.reactivestore.anchor.AnchorStore} in
 * an anchor map that is itself a blob; optimistic locking with {@link io.reactivestore.anchor.ConflictRetry},
 * typed JSON values, and {@link io.reactivestore.anchor.AnchorSync} between stores.
 *
 * <p>All types are immutable and thread-safe. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.anchor;

import org.jspecify.annotations.NullMarked;
