/**
 * A Blossom media server (BUD-01, 02, 06, 11, 12) over any {@link io.reactivestore.blob.BlobStore},
 * served beside the relay on its reactor-netty HTTP server through
 * {@link io.reactivestore.relay.server.RelayOptions.Builder#httpRoutes}: {@link
 * io.reactivestore.relay.blossom.BlossomServer} answers, {@link io.reactivestore.relay.blossom.BlobOwners}
 * keeps who uploaded what, {@link io.reactivestore.relay.blossom.BlossomOptions} holds the policy.
 * Bodies stream both ways with backpressure; no blob is ever held whole in memory.
 */
@NullMarked
package io.reactivestore.relay.blossom;

import org.jspecify.annotations.NullMarked;
