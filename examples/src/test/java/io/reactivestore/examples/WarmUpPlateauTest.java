package io.reactivestore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WarmUpPlateauTest {

    @Test
    void aFallingCostIsNotAPlateau() {
        WarmUpPlateau plateau = plateau(900, 600, 400, 300, 250, 200);

        assertThat(plateau.reached()).isFalse();
    }

    @Test
    void threeBlocksWithoutAFivePercentGainAreAPlateau() {
        WarmUpPlateau plateau = plateau(900, 400, 300, 290, 310, 296);

        assertThat(plateau.reached()).isTrue();
    }

    @Test
    void oneSlowBlockAmongCheaperOnesDoesNotHideAGain() {
        // 250 beats 300 by more than 5%, though the block after it was slowed by something else
        WarmUpPlateau plateau = plateau(900, 400, 300, 305, 250, 600);

        assertThat(plateau.reached()).isFalse();
    }

    @Test
    void noPlateauBeforeThereIsSomethingToCompareWith() {
        assertThat(plateau(300, 300, 300).reached()).isFalse();
        assertThat(plateau(300, 300, 300, 300).reached()).isTrue();
    }

    @Test
    void itKeepsTheCostsInOrder() {
        assertThat(plateau(3, 2, 1).costs()).containsExactly(3L, 2L, 1L);
    }

    @Test
    void itRefusesAWindowOrGainThatCannotWork() {
        assertThatThrownBy(() -> new WarmUpPlateau(0, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WarmUpPlateau(3, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static WarmUpPlateau plateau(long... costs) {
        WarmUpPlateau plateau = new WarmUpPlateau(3, 0.05);
        for (long cost : costs) {
            plateau.add(cost);
        }
        return plateau;
    }
}
