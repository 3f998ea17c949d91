package io.reactivestore.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound about blocking that is deliberate and bounded: loading the native secp256k1
 * library once (class initialisation reads it from the jar), and {@link io.reactivestore.event.KeyPair}
 * drawing key and signature randomness from {@link java.security.SecureRandom}, which reads the
 * kernel's entropy pool and never waits on Linux once the pool is initialised; and r2dbc-postgresql's
 * {@code FrontendMessageUtils.writeBytes}, which takes a driver-wide {@code StampedLock} for the few
 * instructions of copying a binary parameter (two connections binding blob chunks at once contend on it).
 * Loaded through {@code META-INF/services}; ships in the test-jar so every module's tests use it.
 */
public final class ReactiveStoreBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.reactivestore.event.Schnorr", "<clinit>");
        builder.allowBlockingCallsInside("io.reactivestore.event.KeyPair", "generate");
        builder.allowBlockingCallsInside("io.reactivestore.event.KeyPair", "sign");
        builder.allowBlockingCallsInside("io.r2dbc.postgresql.message.frontend.FrontendMessageUtils", "writeBytes");
    }
}
