package io.reactivestore.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class LowerHexTest {

    @Test
    void acceptsOnlyLowercaseHexOfTheExactLength() {
        assertThat(LowerHex.is("0123456789abcdef", 16)).isTrue();
        assertThat(LowerHex.is("a".repeat(64), Event.HEX_ID_LENGTH)).isTrue();
        assertThat(LowerHex.is("A".repeat(64), 64)).as("uppercase").isFalse();
        assertThat(LowerHex.is("a".repeat(63), 64)).as("short").isFalse();
        assertThat(LowerHex.is("a".repeat(65), 64)).as("long").isFalse();
        assertThat(LowerHex.is("g" + "a".repeat(63), 64)).as("not hex").isFalse();
        assertThat(LowerHex.is("", 0)).isTrue();
        assertThatNullPointerException().isThrownBy(() -> LowerHex.is(null, 64));
    }
}
