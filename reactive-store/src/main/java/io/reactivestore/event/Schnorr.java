package io.reactivestore.event;

import fr.acinq.secp256k1.Secp256k1;

/**
 * BIP-340 Schnorr signatures over secp256k1 through the native libsecp256k1 (secp256k1-kmp JNI).
 *
 * <p>Thread-safe; each call is CPU-bound for tens of microseconds, so reactive callers run it on a
 * parallel scheduler rather than on an event loop. Malformed inputs (wrong lengths, a public key not
 * on the curve) verify as {@code false} rather than throwing.
 */
public final class Schnorr {

    private static final Secp256k1 SECP = Secp256k1.get();

    private Schnorr() {
    }

    /**
     * Verifies a 64-byte signature of a 32-byte message by a 32-byte x-only public key.
     *
     * @param signature the 64-byte Schnorr signature
     * @param message the message
     * @param xOnlyPublicKey the 32-byte x-only public key
     * @return whether the signature is valid; {@code false} for inputs of the wrong size
     */
    public static boolean verify(byte[] signature, byte[] message, byte[] xOnlyPublicKey) {
        if (signature.length != 64 || message.length != 32 || xOnlyPublicKey.length != 32) {
            return false;
        }
        try {
            return SECP.verifySchnorr(signature, message, xOnlyPublicKey);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Signs a 32-byte message with a 32-byte secret key.
     *
     * @param auxRandom 32 bytes of fresh randomness (BIP-340 recommends it), or {@code null}
     * @param message the message
     * @param secretKey the 32-byte secret key
     * @return the 64-byte signature
     * @throws IllegalArgumentException if the secret key is not a valid secp256k1 scalar
     */
    public static byte[] sign(byte[] message, byte[] secretKey, byte[] auxRandom) {
        if (message.length != 32) {
            throw new IllegalArgumentException("message must be 32 bytes");
        }
        if (!isValidSecretKey(secretKey)) {
            throw new IllegalArgumentException("not a valid secp256k1 secret key");
        }
        return SECP.signSchnorr(message, secretKey, auxRandom);
    }

    /**
     * The 32-byte x-only public key of a secret key.
     *
     * @param secretKey the 32-byte secret key
     * @return the 32-byte x-only public key of a secret key
     */
    public static byte[] xOnlyPublicKey(byte[] secretKey) {
        if (!isValidSecretKey(secretKey)) {
            throw new IllegalArgumentException("not a valid secp256k1 secret key");
        }
        byte[] uncompressed = SECP.pubkeyCreate(secretKey);
        return java.util.Arrays.copyOfRange(uncompressed, 1, 33);
    }

    static boolean isValidSecretKey(byte[] secretKey) {
        return secretKey.length == 32 && SECP.secKeyVerify(secretKey);
    }
}
