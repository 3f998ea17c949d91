package io.reactivestore.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Outbox event ids: vectors computed independently (Python's {@code hashlib.sha1} over namespace, 4-byte length,
 * type and data, with {@code uuid.UUID(bytes=..., version=5)}), and the rules as properties.
 */
class OutboxEventIdTest {

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', value = {
            "vote | 626c6f636b20373a206465706f7369742035 | 3859c9a7-d9d0-56f2-b8ae-e7aee95741a4",
            "ab   | 63                                   | 8df4eca2-aad8-5489-8e0e-adec8c0df909",
            "a    | 6263                                 | f29c0ace-7dd7-5346-9996-d6aa315de2c6",
            "été  | 00ff01                               | 39ad0ae5-727b-5c47-8d70-51d6f7b4801f",
            "vote | ''                                   | b5a932ee-7bbf-511f-9fa5-11061b3b6fcb",
    })
    void idMatchesIndependentImplementation(String type, String dataHex, String expected) {
        byte[] data = java.util.HexFormat.of().parseHex(dataHex);
        assertThat(OutboxEvent.idOf(type, data)).isEqualTo(UUID.fromString(expected));
    }

    @Property(tries = 300)
    void idIsANameBasedUuidThatDependsOnlyOnTypeAndData(@ForAll @StringLength(min = 1, max = 20) String type,
            @ForAll byte[] data) {
        UUID id = OutboxEvent.idOf(type, data);
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(OutboxEvent.idOf(type, data.clone())).isEqualTo(id);
        assertThat(OutboxEvent.of(type, data).id()).isEqualTo(id);
    }

    @Property(tries = 300)
    void movingTheBoundaryBetweenTypeAndDataChangesTheId(@ForAll @StringLength(min = 2, max = 20) String text,
            @ForAll @IntRange(min = 1, max = 19) int cut) {
        int at = Math.min(cut, text.length() - 1);
        if (Character.isSurrogate(text.charAt(at))) {
            return; // keep both halves valid UTF-16
        }
        String left = text.substring(0, at);
        String right = text.substring(at);
        assertThat(OutboxEvent.idOf(left, right.getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(OutboxEvent.idOf(text, new byte[0]))
                .isNotEqualTo(OutboxEvent.idOf(left + right.charAt(0),
                        right.substring(1).getBytes(StandardCharsets.UTF_8)));
    }
}
