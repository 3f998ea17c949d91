package io.reactivestore.relay.server;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound about one bounded wait inside Netty that Netty's own integration (4.2.17) does not
 * list: when the adaptive buffer allocator meets contention it adds a magazine and frees the one it
 * replaces under that magazine's {@code StampedLock} write lock, which waits only for an allocation in
 * progress. Without this, BlockHound fails the event loop there ("Blocking call! Unsafe#park" under
 * {@code ByteToMessageDecoder}), which ends a connection's reading and makes a test wait in vain for
 * the relay's answers (and an error thrown out of a lock acquisition can leave that lock's wait queue
 * broken). Loaded through {@code META-INF/services}, next to the store's integration.
 */
public final class RelayBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
    }
}
