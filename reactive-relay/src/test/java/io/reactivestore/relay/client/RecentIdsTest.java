package io.reactivestore.relay.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentIdsTest {

    private static String id(int n) {
        return String.format("%016x", n) + "0".repeat(48);
    }

    @Test
    void rememberedIdsAreRecognisedUntilTheyAreTheOldestBeyondCapacity() {
        RecentIds ids = new RecentIds(100);
        for (int i = 0; i < 100; i++) {
            assertThat(ids.add(id(i))).isTrue();
        }
        for (int i = 0; i < 100; i++) {
            assertThat(ids.add(id(i))).as("id %d", i).isFalse();
        }
        assertThat(ids.add(id(100))).isTrue();
        assertThat(ids.add(id(0))).as("the oldest was forgotten").isTrue();
        assertThat(ids.add(id(2))).isFalse();
        assertThat(ids.add(id(100))).isFalse();
    }
}
