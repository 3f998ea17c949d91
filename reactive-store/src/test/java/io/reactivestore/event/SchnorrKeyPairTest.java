package io.reactivestore.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivestore.internal.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Schnorr} and {@link KeyPair}: BIP-340 vectors, sign/verify round trips, malformed input. */
class SchnorrKeyPairTest {

    // BIP-340 test vector 0: secret key 3, aux 0, message 0.
    private static final String SECRET = "0000000000000000000000000000000000000000000000000000000000000003";
    private static final String PUBKEY = "f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9";
    private static final String MESSAGE = "0".repeat(64);
    private static final String SIGNATURE = "e907831f80848d1069a5371b402410364bdf1c5f8307b0084c55f1ce2dca8215"
            + "25f66a4a85ea8b71e482a74f382d2ce5ebeee8fdb2172f477df4900d310536c0";

    @Test
    void signsAndVerifiesBip340VectorZero() {
        byte[] sig = Schnorr.sign(Hex.decode(MESSAGE), Hex.decode(SECRET), new byte[32]);
        assertThat(Hex.encode(sig)).isEqualTo(SIGNATURE);
        assertThat(Hex.encode(Schnorr.xOnlyPublicKey(Hex.decode(SECRET)))).isEqualTo(PUBKEY);
        assertThat(Schnorr.verify(Hex.decode(SIGNATURE), Hex.decode(MESSAGE), Hex.decode(PUBKEY))).isTrue();
        assertThat(KeyPair.fromSecretHex(SECRET).publicKey()).isEqualTo(PUBKEY);
    }

    @Test
    void aSignatureDoesNotVerifyForAnotherMessageOrKey() {
        byte[] sig = Hex.decode(SIGNATURE);
        byte[] otherMessage = Hex.decode(MESSAGE);
        otherMessage[31] = 1;
        assertThat(Schnorr.verify(sig, otherMessage, Hex.decode(PUBKEY))).isFalse();
        byte[] otherKey = Hex.decode(KeyPair.generate().publicKey());
        assertThat(Schnorr.verify(sig, Hex.decode(MESSAGE), otherKey)).isFalse();
        byte[] flipped = sig.clone();
        flipped[63] ^= 1;
        assertThat(Schnorr.verify(flipped, Hex.decode(MESSAGE), Hex.decode(PUBKEY))).isFalse();
    }

    @Test
    void malformedInputsVerifyAsFalseWithoutThrowing() {
        byte[] sig = Hex.decode(SIGNATURE);
        byte[] msg = Hex.decode(MESSAGE);
        byte[] key = Hex.decode(PUBKEY);
        assertThat(Schnorr.verify(new byte[63], msg, key)).isFalse();
        assertThat(Schnorr.verify(new byte[65], msg, key)).isFalse();
        assertThat(Schnorr.verify(sig, new byte[31], key)).isFalse();
        assertThat(Schnorr.verify(sig, msg, new byte[33])).isFalse();
        assertThat(Schnorr.verify(new byte[0], new byte[0], new byte[0])).isFalse();
        assertThat(Schnorr.verify(sig, msg, Hex.decode("f".repeat(64)))).as("x not a field element").isFalse();
        assertThat(Schnorr.verify(sig, msg, new byte[32])).as("x = 0 is not on the curve").isFalse();
        assertThat(Schnorr.verify(new byte[64], msg, key)).isFalse();
        byte[] sOverOrder = sig.clone();
        java.util.Arrays.fill(sOverOrder, 32, 64, (byte) 0xff);
        assertThat(Schnorr.verify(sOverOrder, msg, key)).as("s above the group order").isFalse();
    }

    @Test
    void signingRejectsBadArguments() {
        assertThatThrownBy(() -> Schnorr.sign(new byte[31], Hex.decode(SECRET), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schnorr.sign(new byte[32], new byte[32], null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schnorr.xOnlyPublicKey(new byte[32])).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000000000000000000000000000000000000000000000000000000000000000",
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
            "0000000000000000000000000000000000000000000000000000000000000003 ",
            "000000000000000000000000000000000000000000000000000000000000003",
            "000000000000000000000000000000000000000000000000000000000000000A"})
    void invalidSecretKeysAreRejected(String secret) {
        assertThatThrownBy(() -> KeyPair.fromSecretHex(secret)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyPairSignsEventsThatVerify() {
        KeyPair key = KeyPair.generate();
        UnsignedEvent unsigned = new UnsignedEvent(1_700_000_000, 1, List.of(List.of("t", "x")), "hi \uD83D\uDE80")
                .withTag("p", ModelFixtures.BOB.publicKey());
        Event first = key.sign(unsigned);
        Event second = key.sign(unsigned);

        assertThat(first.verify()).isSameAs(first);
        assertThat(second.verify()).isSameAs(second);
        assertThat(first.id()).isEqualTo(second.id());
        assertThat(first.sig()).as("fresh auxiliary randomness per signature").isNotEqualTo(second.sig());
        assertThat(first.pubkey()).isEqualTo(key.publicKey());
        assertThat(first.tags()).containsExactly(List.of("t", "x"), List.of("p", ModelFixtures.BOB.publicKey()));
    }

    @Test
    void keyPairsRoundTripThroughTheirSecretAndNeverPrintIt() {
        KeyPair key = KeyPair.generate();
        KeyPair again = KeyPair.fromSecretHex(key.secretKeyHex());
        assertThat(again).isEqualTo(key).hasSameHashCodeAs(key);
        assertThat(again.publicKey()).isEqualTo(key.publicKey());
        assertThat(key.toString()).contains(key.publicKey()).doesNotContain(key.secretKeyHex());
        assertThat(KeyPair.generate()).isNotEqualTo(key);
    }

    @Test
    void unsignedEventsValidateLikeEvents() {
        assertThatThrownBy(() -> new UnsignedEvent(-1, 1, List.of(), "")).isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).field()).isEqualTo("created_at");
        assertThatThrownBy(() -> new UnsignedEvent(0, 65536, List.of(), "")).isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).field()).isEqualTo("kind");
    }
}
