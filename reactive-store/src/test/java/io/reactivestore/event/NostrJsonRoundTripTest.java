package io.reactivestore.event;

import static io.reactivestore.event.ModelFixtures.ALICE;
import static io.reactivestore.event.ModelFixtures.BOB;
import static io.reactivestore.event.ModelFixtures.SIGNED;
import static io.reactivestore.event.ModelFixtures.oddlyFormatted;
import static org.assertj.core.api.Assertions.assertThat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exact-bytes preservation of parsed events and filter round trips (the messages that carry them are
 * tested with their codec in the relay module).
 */
class NostrJsonRoundTripTest {



    @Test
    void aParsedEventKeepsTheExactBytesItCameIn() {
        String odd = oddlyFormatted(SIGNED);
        Event parsed = NostrJson.parseEvent(odd);

        assertThat(parsed.toJson()).isEqualTo(odd);
        assertThat(parsed.jsonBytes()).isEqualTo(odd.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.jsonLength()).isEqualTo(odd.getBytes(StandardCharsets.UTF_8).length);
        assertThat(parsed.content()).isEqualTo(SIGNED.content());
        assertThat(parsed.tags()).isEqualTo(SIGNED.tags());
        assertThat(parsed.verify()).isEqualTo(SIGNED);
    }

    @Test
    void anEventBuiltInCodeHasCompactJsonThatParsesBackToTheSameEvent() {
        String json = SIGNED.toJson();
        assertThat(json).doesNotContain(" \"").startsWith("{\"id\":\"" + SIGNED.id() + "\"");
        Event back = NostrJson.parseEvent(json);
        assertThat(back.jsonBytes()).isEqualTo(SIGNED.jsonBytes());
        assertThat(back.content()).isEqualTo(SIGNED.content());
        assertThat(back.tags()).isEqualTo(SIGNED.tags());
        assertThat(back.createdAt()).isEqualTo(SIGNED.createdAt());
        assertThat(back.hasValidId()).isTrue();
        assertThat(back.hasValidSignature()).isTrue();
    }

    @Test
    void aByteOrderMarkBeforeTheEventIsNotPartOfItsBytes() {
        String json = SIGNED.toJson();
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] input = new byte[3 + SIGNED.jsonLength()];
        System.arraycopy(bom, 0, input, 0, 3);
        System.arraycopy(SIGNED.jsonBytes(), 0, input, 3, SIGNED.jsonLength());

        Event parsed = NostrJson.parseEvent(input);

        assertThat(parsed.toJson()).isEqualTo(json);
    }

    @Test
    void theJsonViewsCannotChangeTheEvent() {
        Event parsed = NostrJson.parseEvent(oddlyFormatted(SIGNED));
        byte[] copy = parsed.jsonBytes();
        copy[0] = 'X';
        ByteBuffer view = parsed.json();

        assertThat(view.isReadOnly()).isTrue();
        assertThat(parsed.toJson()).startsWith("{ ");
        assertThat(parsed.jsonBytes()[0]).isEqualTo((byte) '{');
    }

    @Test
    void filtersSurviveARoundTripThroughTheirOwnJson() {
        Filter filter = Filter.builder().authors(ALICE.publicKey()).kinds(0, 65535).tag("e", SIGNED.id())
                .tag("t", "\u00e9", "\"q\"").since(0).until(Long.MAX_VALUE).limit(Integer.MAX_VALUE).build();
        assertThat(NostrJson.parseFilter(NostrJson.toJson(filter))).isEqualTo(filter);
        assertThat(NostrJson.parseFilter(NostrJson.toJson(Filter.ALL))).isEqualTo(Filter.ALL);
        assertThat(NostrJson.toJson(Filter.ALL)).isEqualTo("{}");
    }

    @Test
    void aLimitAboveIntRangeIsCappedNotRejected() {
        assertThat(NostrJson.parseFilter("{\"limit\":9999999999}").limit()).isEqualTo(Integer.MAX_VALUE);
    }
}
