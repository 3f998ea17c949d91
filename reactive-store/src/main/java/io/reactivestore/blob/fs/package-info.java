/** The file-system {@link io.reactivestore.blob.BlobStore} backend: one file per blob, atomic writes. */
package io.reactivestore.blob.fs;
