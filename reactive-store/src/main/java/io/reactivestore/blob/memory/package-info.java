/** The in-memory {@link io.reactivestore.blob.BlobStore} backend, for tests and caches. */
package io.reactivestore.blob.memory;
