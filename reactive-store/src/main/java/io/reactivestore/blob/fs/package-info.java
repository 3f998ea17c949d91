/** The file-system {@link io.reactivestore.blob.BlobStore} backend: one file per blob, atomic writes. */
@NullMarked
package io.reactivestore.blob.fs;

import org.jspecify.annotations.NullMarked;
