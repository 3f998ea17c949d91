package io.reactivestore.relay.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedQueueTest {

    @Test
    void refusesOffersAtCapacityAndAcceptsAgainAfterAPoll() {
        BoundedQueue<Integer> queue = new BoundedQueue<>(3);
        for (int i = 0; i < 3; i++) {
            assertThat(queue.offer(i)).isTrue();
        }
        assertThat(queue.offer(3)).isFalse();
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.poll()).isZero();
        assertThat(queue.offer(3)).isTrue();
        assertThat(queue.isEmpty()).isFalse();
        assertThat(new int[] {queue.poll(), queue.poll(), queue.poll()}).containsExactly(1, 2, 3);
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void holdsManyMoreItemsThanOneChunk() {
        BoundedQueue<Integer> queue = new BoundedQueue<>(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(queue.offer(i)).isTrue();
        }
        assertThat(queue.offer(1000)).isFalse();
        for (int i = 0; i < 1000; i++) {
            assertThat(queue.poll()).isEqualTo(i);
        }
    }
}
