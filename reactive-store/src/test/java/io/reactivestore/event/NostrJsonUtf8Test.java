package io.reactivestore.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.reactivestore.internal.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input that is not valid UTF-8 is rejected wherever it appears, also inside unknown fields that the
 * codec skips: a kept event's bytes are served verbatim, and must never carry invalid UTF-8 into a
 * WebSocket text frame.
 */
public class NostrJsonUtf8Test {

    public static byte[] withRawBytes(String before, byte[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String eventPrefix() {
        String valid = NostrJsonStrictnessTest.validEvent();
        return valid.substring(0, valid.length() - 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "fe", "80", "bf", "c0af", "c1bf", "c328", "e282", "e080af", "eda080", "edbfbf",
            "f08080af", "f4908080", "f5808080", "f8888080"})
    void invalidUtf8InAnUnknownFieldIsRejected(String hex) {
        byte[] raw = Hex.decode(hex);
        byte[] json = withRawBytes(eventPrefix() + ",\"x\":\"a", raw, "b\"}");
        assertThatThrownBy(() -> NostrJson.parseEvent(json)).isInstanceOf(InvalidJsonException.class);
    }

    /**
     * Errors the JSON parser itself finds name the field; the forms it lets through (overlong, above
     * U+10FFFF) are caught by the codec's own check of the whole document, on {@code "$"}.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ff, content", "80, content", "c328, content", "e282, content", "eda080, content",
            "c0af, $", "e080af, $", "f08080af, $", "f4908080, $"})
    void invalidUtf8InContentIsRejected(String hex, String field) {
        byte[] raw = Hex.decode(hex);
        String prefix = NostrJsonStrictnessTest.eventWith("content", null);
        byte[] json = withRawBytes(prefix.substring(0, prefix.length() - 1) + ",\"content\":\"a", raw, "b\"}");
        assertThatThrownBy(() -> NostrJson.parseEvent(json)).isInstanceOf(InvalidJsonException.class)
                .extracting(e -> ((InvalidJsonException) e).field()).isEqualTo(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c280", "c3a9", "dfbf", "e0a080", "e282ac", "ed9fbf", "ee8080", "efbfbf", "f0908080",
            "f09f9a80", "f48fbfbf"})
    void validMultiByteCharactersInAnUnknownFieldAreKept(String hex) {
        byte[] raw = Hex.decode(hex);
        byte[] json = withRawBytes(eventPrefix() + ",\"x\":\"a", raw, "b\"}");
        assertThat(NostrJson.parseEvent(json).jsonBytes()).isEqualTo(json);
    }
}
