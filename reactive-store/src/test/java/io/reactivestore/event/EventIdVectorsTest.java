package io.reactivestore.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Event ids against vectors computed by an independent implementation (nostr-tools 2.x
 * {@code getEventHash}, and for raw control characters a script following NIP-01's escaping rules).
 */
class EventIdVectorsTest {

    private static final String PUBKEY = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    private static final List<List<String>> TAGS = List.of(List.of("t", "nostr"),
            List.of("p", PUBKEY, "wss://r.example/"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "emoji       | hello \uD83C\uDF0D\uD83D\uDE80 world | bb6ea88739ab963c494e1eaec6b6002e6b126c0b60dd29c54f7dfdf99a421291",
            "slash       | a/b</script>                         | b89484e5d1f9f0d55cdd3b4237151402b380dbfef9f2e2db94b2e4b833367a38",
            "separators  | x\u2028y\u2029z                      | 238c36e1b5102645ee556884a6e6b780cf6cedaf5a60fd574a414d255822ad73",
            "surrogates  | \uD834\uDD1E music \uD83D\uDE00     | 8a309f0ea586a4c52e87cc095fd451ca8fc93207c3fc2275750042cb5e3216bf",
            "plain       | GM                                   | b9bd63276614cdb4724d68807095c5c26951d429d6fe79f80da6cd8ceab8cb37",
    })
    void idMatchesIndependentImplementation(String name, String content, String expectedId) {
        assertThat(Event.computeId(PUBKEY, 1700000000, 1, TAGS, content)).isEqualTo(expectedId);
    }

    @Test
    void escapesOnlyTheSevenCharactersNip01Names() {
        String content = "q\"b\\n\nr\rt\tb\bf\f";
        assertThat(Event.computeId(PUBKEY, 1700000000, 1, TAGS, content))
                .isEqualTo("0592662c9e1ade2d6d66fe5ba21b389dfb92cf2e9ef71343896c33316ebda632");
    }

    @Test
    void otherControlCharactersAreWrittenVerbatim() {
        String content = "ctl\u0001\u001f\u007fend";
        assertThat(Event.computeId(PUBKEY, 1700000000, 1, TAGS, content))
                .isEqualTo("f071fe573b9f7f3dc081138d126191fadb1577a53c5d7c0c1c5a25b421ec1324");
    }

    @Test
    void unpairedSurrogateHasNoIdAndIsRejected() {
        assertThatThrownBy(() -> Event.computeId(PUBKEY, 1, 1, List.of(), "bad \uD800 surrogate"))
                .isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).field()).isEqualTo("content");
    }

    @Test
    void verifiesAnEventSignedByNostrTools() {
        String json = "{\"created_at\":1700000001,\"kind\":1,\"tags\":[[\"e\",\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                + "aaaaaaaaaaaaaaaaaaaaaaaa\"]],\"content\":\"signed by nostr-tools \u2713\",\"pubkey\":\"f9308a019258c31049"
                + "344f85f89d5229b531c845836f99b08601f113bce036f9\",\"id\":\"a6ceb5d0f35c14b5f9429eae8503d56f0088e10c43632c"
                + "4567b106add3367829\",\"sig\":\"a81fd5c0d7e350e3c7aa41c804f9a32d6877a0bea0634882ba5456e10e396a73a64512a71"
                + "8f95ff12fcdf0430a0f905f8371afe1a7d2cd950bfe673e5c1d689f\"}";
        Event event = NostrJson.parseEvent(json);
        assertThat(event.verify()).isSameAs(event);
        assertThat(event.toJson()).isEqualTo(json);
    }

    @Test
    void signedEventsVerifyAndTamperedOnesDoNot() {
        KeyPair keys = KeyPair.generate();
        Event event = keys.sign(new UnsignedEvent(1700000000, 1, TAGS, "hello"));
        assertThat(event.hasValidId()).isTrue();
        assertThat(event.hasValidSignature()).isTrue();
        Event tampered = Event.of(event.id(), event.pubkey(), event.createdAt(), event.kind(), event.tags(),
                "hellO", event.sig());
        assertThat(tampered.hasValidId()).isFalse();
        assertThatThrownBy(tampered::verify).isInstanceOf(InvalidEventException.class).hasMessageStartingWith("id:");
    }
}
