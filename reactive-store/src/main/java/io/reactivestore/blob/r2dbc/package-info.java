/** The SQL {@link io.reactivestore.blob.BlobStore} backend (H2, PostgreSQL) over R2DBC, with an anchor map cell. */
package io.reactivestore.blob.r2dbc;
