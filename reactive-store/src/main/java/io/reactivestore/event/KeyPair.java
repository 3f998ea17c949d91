package io.reactivestore.event;

import io.reactivestore.internal.Hex;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A secp256k1 key pair that signs Nostr events; for clients, tests and examples. Thread-safe.
 *
 * <p>{@link #toString()} never prints the secret key.
 */
public final class KeyPair {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secretKey;
    private final String publicKeyHex;

    private KeyPair(byte[] secretKey) {
        this.secretKey = secretKey.clone();
        this.publicKeyHex = Hex.encode(Schnorr.xOnlyPublicKey(this.secretKey));
    }

    /** {@return a fresh random key pair} */
    public static KeyPair generate() {
        while (true) {
            byte[] candidate = new byte[32];
            RANDOM.nextBytes(candidate);
            if (Schnorr.isValidSecretKey(candidate)) {
                return new KeyPair(candidate);
            }
        }
    }

    /**
     * The key pair of a 64-character lowercase hex secret key.
     *
     * @param secretHex the secret key in hex (64 characters)
     * @return the key pair of a 64-character lowercase hex secret key
     * @throws IllegalArgumentException if it is not a valid secret key
     */
    public static KeyPair fromSecretHex(String secretHex) {
        if (!Hex.isLowerHex(secretHex, 64)) {
            throw new IllegalArgumentException("secret key must be 64 lowercase hex characters");
        }
        return new KeyPair(Hex.decode(secretHex));
    }

    /** {@return the x-only public key as 64 lowercase hex characters: an event's {@code pubkey}} */
    public String publicKey() {
        return publicKeyHex;
    }

    /** {@return the secret key as lowercase hex} */
    public String secretKeyHex() {
        return Hex.encode(secretKey);
    }

    /**
     * Signs {@code unsigned}: computes its id and a BIP-340 signature with fresh auxiliary randomness.
     *
     * @param unsigned the event to sign
     * @return the signed event
     */
    public Event sign(UnsignedEvent unsigned) {
        byte[] idBytes = Event.canonicalDigest(publicKeyHex, unsigned.createdAt(), unsigned.kind(),
                unsigned.tags(), unsigned.content());
        byte[] aux = new byte[32];
        RANDOM.nextBytes(aux);
        byte[] sig = Schnorr.sign(idBytes, secretKey, aux);
        return Event.of(Hex.encode(idBytes), publicKeyHex, unsigned.createdAt(), unsigned.kind(), unsigned.tags(),
                unsigned.content(), Hex.encode(sig));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyPair other && Arrays.equals(secretKey, other.secretKey);
    }

    @Override
    public int hashCode() {
        return publicKeyHex.hashCode();
    }

    @Override
    public String toString() {
        return "KeyPair{publicKey=" + publicKeyHex + "}";
    }
}
