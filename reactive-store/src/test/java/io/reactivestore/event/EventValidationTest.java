package io.reactivestore.event;

import static io.reactivestore.event.ModelFixtures.ALICE;
import static io.reactivestore.event.ModelFixtures.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Event}: shape validation at construction, id and signature checks, addresses and precedence. */
class EventValidationTest {

    private static final String ID = "a".repeat(64);
    private static final String PUBKEY = "b".repeat(64);
    private static final String SIG = "c".repeat(128);

    private static String field(Throwable e) {
        return ((InvalidEventException) e).field();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "gaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            " aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ａaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void idsAndPubkeysMustBe64LowercaseHexCharacters(String bad) {
        assertThatThrownBy(() -> Event.of(bad, PUBKEY, 1, 1, List.of(), "", SIG))
                .isInstanceOf(InvalidEventException.class).extracting(EventValidationTest::field).isEqualTo("id");
        assertThatThrownBy(() -> Event.of(ID, bad, 1, 1, List.of(), "", SIG))
                .isInstanceOf(InvalidEventException.class).extracting(EventValidationTest::field).isEqualTo("pubkey");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 64, 127, 129, 256})
    void signaturesMustBe128HexCharacters(int length) {
        assertThatThrownBy(() -> Event.of(ID, PUBKEY, 1, 1, List.of(), "", "c".repeat(length)))
                .isInstanceOf(InvalidEventException.class).extracting(EventValidationTest::field).isEqualTo("sig");
        assertThatThrownBy(() -> Event.of(ID, PUBKEY, 1, 1, List.of(), "", "C".repeat(128)))
                .isInstanceOf(InvalidEventException.class).extracting(EventValidationTest::field).isEqualTo("sig");
    }

    @Test
    void missingFieldsAreNamed() {
        assertThatThrownBy(() -> Event.of(null, PUBKEY, 1, 1, List.of(), "", SIG))
                .extracting(EventValidationTest::field).isEqualTo("id");
        assertThatThrownBy(() -> Event.of(ID, null, 1, 1, List.of(), "", SIG))
                .extracting(EventValidationTest::field).isEqualTo("pubkey");
        assertThatThrownBy(() -> Event.of(ID, PUBKEY, 1, 1, List.of(), "", null))
                .extracting(EventValidationTest::field).isEqualTo("sig");
        assertThatThrownBy(() -> Event.of(ID, PUBKEY, 1, 1, null, "", SIG))
                .isInstanceOf(InvalidEventException.class).extracting(EventValidationTest::field).isEqualTo("tags");
        assertThatThrownBy(() -> Event.of(ID, PUBKEY, 1, 1, List.of(), null, SIG))
                .isInstanceOf(InvalidEventException.class).extracting(EventValidationTest::field).isEqualTo("content");
    }

    @Test
    void nullTagsAndTagValuesAreRejected() {
        List<List<String>> nullTag = new ArrayList<>();
        nullTag.add(null);
        assertThatThrownBy(() -> Event.of(ID, PUBKEY, 1, 1, nullTag, "", SIG))
                .isInstanceOf(InvalidEventException.class).extracting(EventValidationTest::field).isEqualTo("tags");
        List<String> nullValue = new ArrayList<>(List.of("t"));
        nullValue.add(null);
        assertThatThrownBy(() -> Event.of(ID, PUBKEY, 1, 1, List.of(nullValue), "", SIG))
                .isInstanceOf(InvalidEventException.class).extracting(EventValidationTest::field).isEqualTo("tags");
    }

    @Test
    void kindMustBeWithin0To65535() {
        assertThatThrownBy(() -> Event.of(ID, PUBKEY, 1, -1, List.of(), "", SIG))
                .extracting(EventValidationTest::field).isEqualTo("kind");
        assertThatThrownBy(() -> Event.of(ID, PUBKEY, 1, 65536, List.of(), "", SIG))
                .extracting(EventValidationTest::field).isEqualTo("kind");
        assertThat(Event.of(ID, PUBKEY, 1, 0, List.of(), "", SIG).kind()).isZero();
        assertThat(Event.of(ID, PUBKEY, 1, 65535, List.of(), "", SIG).kind()).isEqualTo(65535);
    }

    @Test
    void createdAtMustBeNonNegative() {
        assertThatThrownBy(() -> Event.of(ID, PUBKEY, -1, 1, List.of(), "", SIG))
                .extracting(EventValidationTest::field).isEqualTo("created_at");
        assertThat(Event.of(ID, PUBKEY, 0, 1, List.of(), "", SIG).createdAt()).isZero();
        assertThat(Event.of(ID, PUBKEY, Long.MAX_VALUE, 1, List.of(), "", SIG).createdAt()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anUnpairedSurrogateInContentOrTagsIsRejectedAtConstruction() {
        assertThatThrownBy(() -> Event.of(ID, PUBKEY, 1, 1, List.of(), "x\uDC00", SIG))
                .isInstanceOf(InvalidEventException.class).extracting(EventValidationTest::field).isEqualTo("content");
        assertThatThrownBy(() -> Event.of(ID, PUBKEY, 1, 1, List.of(List.of("t", "\uD800")), "", SIG))
                .isInstanceOf(InvalidEventException.class).extracting(EventValidationTest::field).isEqualTo("tags");
    }

    @Test
    void tagsAreCopiedAndUnmodifiable() {
        List<String> tag = new ArrayList<>(List.of("t", "x"));
        List<List<String>> tags = new ArrayList<>(List.of(tag));
        Event event = Event.of(ID, PUBKEY, 1, 1, tags, "", SIG);
        tag.set(1, "changed");
        tags.add(List.of("p", PUBKEY));

        assertThat(event.tags()).containsExactly(List.of("t", "x"));
        assertThatThrownBy(() -> event.tags().add(List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> event.tags().get(0).set(0, "e")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aSignedEventVerifies() {
        Event event = ModelFixtures.note(ALICE, 1_700_000_000, "hello", List.of(List.of("t", "x")));
        assertThat(event.hasValidId()).isTrue();
        assertThat(event.hasValidSignature()).isTrue();
        assertThat(event.verify()).isSameAs(event);
        assertThat(event.pubkey()).isEqualTo(ALICE.publicKey());
    }

    @Test
    void aChangedFieldBreaksTheIdAndVerifyNamesIt() {
        Event event = ModelFixtures.note(ALICE, 1_700_000_000, "hello", List.of());
        Event tampered = Event.of(event.id(), event.pubkey(), event.createdAt(), event.kind(), event.tags(), "hellO",
                event.sig());
        assertThat(tampered.hasValidId()).isFalse();
        assertThat(tampered.hasValidSignature()).as("the signature is over the id, which is unchanged").isTrue();
        assertThatThrownBy(tampered::verify).isInstanceOf(InvalidEventException.class)
                .extracting(EventValidationTest::field).isEqualTo("id");
    }

    @Test
    void aSignatureByAnotherKeyFailsAndVerifyNamesSig() {
        Event byAlice = ModelFixtures.note(ALICE, 1_700_000_000, "hello", List.of());
        Event byBob = ModelFixtures.note(BOB, 1_700_000_000, "hello", List.of());
        Event claimed = Event.of(byBob.id(), BOB.publicKey(), byBob.createdAt(), 1, List.of(), "hello", byAlice.sig());
        assertThat(claimed.hasValidId()).isTrue();
        assertThat(claimed.hasValidSignature()).isFalse();
        assertThatThrownBy(claimed::verify).isInstanceOf(InvalidEventException.class)
                .extracting(EventValidationTest::field).isEqualTo("sig");
    }

    @Test
    void aWellFormedButMeaninglessSignatureOrKeyDoesNotVerifyAndDoesNotThrow() {
        String id = Event.computeId(PUBKEY, 1, 1, List.of(), "");
        assertThat(Event.of(id, PUBKEY, 1, 1, List.of(), "", SIG).hasValidSignature()).isFalse();
        String offCurve = "f".repeat(64);
        String id2 = Event.computeId(offCurve, 1, 1, List.of(), "");
        assertThat(Event.of(id2, offCurve, 1, 1, List.of(), "", "0".repeat(128)).hasValidSignature()).isFalse();
    }

    @Test
    void eventsAreEqualByIdOnly() {
        Event a = Event.of(ID, PUBKEY, 1, 1, List.of(), "a", SIG);
        Event b = Event.of(ID, "d".repeat(64), 2, 7, List.of(), "b", "e".repeat(128));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Event.of("f".repeat(64), PUBKEY, 1, 1, List.of(), "a", SIG));
    }

    @Test
    void addressesFollowTheKindClass() {
        assertThat(Event.of(ID, PUBKEY, 1, 1, List.of(List.of("d", "x")), "", SIG).address()).isNull();
        assertThat(Event.of(ID, PUBKEY, 1, 20001, List.of(), "", SIG).address()).isNull();
        assertThat(Event.of(ID, PUBKEY, 1, 0, List.of(List.of("d", "x")), "", SIG).address())
                .isEqualTo("0:" + PUBKEY + ":");
        assertThat(Event.of(ID, PUBKEY, 1, 10002, List.of(), "", SIG).address()).isEqualTo("10002:" + PUBKEY + ":");
        assertThat(Event.of(ID, PUBKEY, 1, 30023, List.of(List.of("t", "y"), List.of("d", "x"), List.of("d", "z")),
                "", SIG).address()).isEqualTo("30023:" + PUBKEY + ":x");
        assertThat(Event.of(ID, PUBKEY, 1, 30023, List.of(), "", SIG).address()).isEqualTo("30023:" + PUBKEY + ":");
        assertThat(Event.of(ID, PUBKEY, 1, 30023, List.of(List.of("d")), "", SIG).address())
                .as("a d tag without value counts as missing").isEqualTo("30023:" + PUBKEY + ":");
    }

    @Test
    void theNewerVersionSupersedesAndOnATieTheLowerId() {
        Event older = Event.of("1".repeat(64), PUBKEY, 100, 0, List.of(), "", SIG);
        Event newer = Event.of("9".repeat(64), PUBKEY, 101, 0, List.of(), "", SIG);
        Event tieLow = Event.of("0".repeat(64), PUBKEY, 101, 0, List.of(), "", SIG);
        assertThat(newer.supersedes(older)).isTrue();
        assertThat(older.supersedes(newer)).isFalse();
        assertThat(tieLow.supersedes(newer)).isTrue();
        assertThat(newer.supersedes(tieLow)).isFalse();
        assertThat(newer.supersedes(newer)).isFalse();
    }

    @Test
    void tagLookupsReadElementOne() {
        Event event = Event.of(ID, PUBKEY, 1, 1, List.of(List.of("e"), List.of("e", "first", "x"), List.of("e", "second")),
                "", SIG);
        assertThat(event.firstTagValue("e")).isEqualTo("first");
        assertThat(event.firstTagValue("p")).isNull();
        assertThat(event.hasTag("e", "second")).isTrue();
        assertThat(event.hasTag("e", "x")).isFalse();
        assertThat(event.kindClass()).isEqualTo(KindClass.REGULAR);
    }

    @Test
    void toStringShowsTheIdentityNotTheContent() {
        Event event = Event.of(ID, PUBKEY, 5, 1, List.of(), "secret text", SIG);
        assertThat(event.toString()).contains(ID).doesNotContain("secret text");
    }

    @Test
    void expiresAtIsTheFirstExpirationTagOrNeverWhenAbsentOrUnreadable() {
        assertThat(ModelFixtures.signed(1, 10, List.of(List.of("t", "x"), List.of("expiration", "1700"),
                List.of("expiration", "9"))).expiresAt()).isEqualTo(1700L);
        assertThat(ModelFixtures.signed(1, 10, List.of(List.of("t", "x"))).expiresAt()).isEqualTo(Long.MAX_VALUE);
        assertThat(ModelFixtures.signed(1, 10, List.of(List.of("expiration"), List.of("expiration", "soon")))
                .expiresAt()).isEqualTo(Long.MAX_VALUE);
        Event longAgo = ModelFixtures.signed(1, 10, List.of(List.of("expiration", String.valueOf(Long.MIN_VALUE))));
        assertThat(longAgo.expiresAt()).isLessThan(0L);
        assertThat(longAgo.expiresAt()).isEqualTo(longAgo.expiresAt());
    }
}
