package io.reactivestore.relay.client;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.util.concurrent.Queues;

/**
 * A single-producer, single-consumer queue of at most {@code capacity} items whose memory follows what
 * it holds (linked chunks of 32), not its bound: idle connections and short subscriptions stay small.
 * {@link #offer} returns false when full, which a unicast sink reports as {@code FAIL_OVERFLOW}. The
 * producer side must be serialized by the caller.
 *
 * @param <T> the element type
 */
final class BoundedQueue<T> extends AbstractQueue<T> {

    private final Queue<T> items = Queues.<T>unbounded(32).get();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    BoundedQueue(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public boolean offer(T item) {
        if (size.get() >= capacity) {
            return false;
        }
        items.offer(item);
        size.incrementAndGet();
        return true;
    }

    @Override
    public T poll() {
        T item = items.poll();
        if (item != null) {
            size.decrementAndGet();
        }
        return item;
    }

    @Override
    public T peek() {
        return items.peek();
    }

    @Override
    public boolean isEmpty() {
        return items.isEmpty();
    }

    @Override
    public int size() {
        return Math.max(0, size.get());
    }

    /** Not supported: the sinks that own this queue only offer, poll, peek and clear. */
    @Override
    public Iterator<T> iterator() {
        throw new UnsupportedOperationException("iteration");
    }
}
