/** The in-memory {@link io.reactivestore.blob.BlobStore} backend, for tests and caches. */
@NullMarked
package io.reactivestore.blob.memory;

import org.jspecify.annotations.NullMarked;
