/** The SQL {@link io.reactivestore.blob.BlobStore} backend (H2, PostgreSQL) over R2DBC, with an anchor map cell. */
@NullMarked
package io.reactivestore.blob.r2dbc;

import org.jspecify.annotations.NullMarked;
