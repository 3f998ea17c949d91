/**
 * Content-addressed blob storage: the {@link io.reactivestore.blob.BlobStore} API, its values
 * ({@link io.reactivestore.blob.Ref}, {@link io.reactivestore.blob.Blob},
 * {@link io.reactivestore.blob.PutResult}) and errors. Backends live in sub-packages.
 *
 * <p>All types are immutable and thread-safe. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.blob;

import org.jspecify.annotations.NullMarked;
