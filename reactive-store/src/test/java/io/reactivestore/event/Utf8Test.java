package io.reactivestore.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** {@link Utf8#firstInvalid} agrees with the JDK's strict UTF-8 decoder on any bytes. */
class Utf8Test {

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Mostly ASCII runs (to cross the eight-byte fast path) with bytes near every UTF-8 boundary. */
    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<Integer> b = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
                Tuple.of(3, Arbitraries.integers().between(0x80, 0xbf)),
                Tuple.of(2, Arbitraries.of(0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x9f, 0xa0,
                        0x8f, 0x90)));
        return b.list().ofMaxSize(40).map(list -> {
            byte[] out = new byte[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (int) list.get(i);
            }
            return out;
        });
    }

    @Property(tries = 3000)
    void agreesWithTheJdkDecoder(@ForAll("bytes") byte[] bytes) {
        assertThat(Utf8.firstInvalid(bytes) < 0).isEqualTo(jdkAccepts(bytes));
    }

    @Property(tries = 300)
    void acceptsEveryEncodedString(@ForAll("text") String text) {
        assertThat(Utf8.firstInvalid(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }

    @Provide
    Arbitrary<String> text() {
        return new EventModelPropertiesTest().text();
    }
}
