package io.reactivestore.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link KindClass}: every boundary of the NIP-01 kind ranges. */
class KindClassTest {

    @ParameterizedTest(name = "kind {0} is {1}")
    @CsvSource({
            "0, REPLACEABLE", "1, REGULAR", "2, REGULAR", "3, REPLACEABLE", "4, REGULAR", "44, REGULAR",
            "999, REGULAR", "1000, REGULAR", "9999, REGULAR",
            "10000, REPLACEABLE", "10002, REPLACEABLE", "19999, REPLACEABLE",
            "20000, EPHEMERAL", "22242, EPHEMERAL", "29999, EPHEMERAL",
            "30000, ADDRESSABLE", "30023, ADDRESSABLE", "39999, ADDRESSABLE",
            "40000, REGULAR", "65535, REGULAR"})
    void classifiesEveryBoundary(int kind, KindClass expected) {
        assertThat(KindClass.of(kind)).isEqualTo(expected);
        assertThat(KindClass.of(kind).isReplacing()).isEqualTo(expected == KindClass.REPLACEABLE
                || expected == KindClass.ADDRESSABLE);
    }
}
