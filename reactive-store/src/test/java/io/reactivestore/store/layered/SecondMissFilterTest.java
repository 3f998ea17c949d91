package io.reactivestore.store.layered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.reactivestore.internal.Hex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SecondMissFilterTest {

    /** Event-like ids: SHA-256 of {@code n}, 64 lowercase hex digits. */
    private static String id(int n) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(
                    Integer.toString(n).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anIdIsPromotedOnItsSecondMissNotItsFirst() {
        SecondMissFilter filter = new SecondMissFilter(1000);
        assertThat(filter.promote(id(1))).isFalse();
        assertThat(filter.promote(id(2))).isFalse();
        assertThat(filter.promote(id(1))).isTrue();
        assertThat(filter.promote(id(1))).isTrue();
        assertThat(filter.promote(id(2))).isTrue();
    }

    @Test
    void withAFullWindowFewIdsAreTakenForRememberedOnTheirFirstMiss() {
        int window = 10_000;
        SecondMissFilter filter = new SecondMissFilter(window);
        IntStream.range(0, window - 1).forEach(n -> filter.promote(id(n)));
        long mistaken = IntStream.range(window, window + 10_000).filter(n -> filter.promote(id(n))).count();
        // at most 2 of 8 bits per id set: a stranger finds both of its bits set about 5% of the time at most
        assertThat(mistaken).isLessThan(600);
    }

    @Test
    void afterAWindowOfOtherMissesAnIdIsForgotten() {
        SecondMissFilter filter = new SecondMissFilter(100);
        assertThat(filter.promote(id(-1))).isFalse();
        // several windows' worth: the filter forgot everything at least once since id(-1)
        IntStream.range(0, 500).forEach(n -> filter.promote(id(n)));
        assertThat(filter.promote(id(-1))).isFalse();
        assertThat(filter.promote(id(-1))).isTrue();
    }

    @Test
    void theWindowMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SecondMissFilter(0));
    }
}
