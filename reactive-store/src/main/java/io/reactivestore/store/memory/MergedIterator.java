package io.reactivestore.store.memory;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * A k-way merge of iterators that are each in {@code order}, in that order, each element once: an element
 * that compares equal to the one returned just before it is skipped. Pulls from its sources only as far as
 * {@link #hasNext} needs (one element of lookahead per source). Not thread-safe.
 *
 * @param <T> the element type
 */
final class MergedIterator<T> implements Iterator<T> {

    /** The next element of one source, with the source it came from. */
    private record Head<T>(T element, Iterator<T> source) {
    }

    private final Comparator<? super T> order;
    private final PriorityQueue<Head<T>> heads;
    private @Nullable T last;

    private MergedIterator(List<? extends Iterator<T>> sources, Comparator<? super T> order) {
        this.order = order;
        this.heads = new PriorityQueue<>(Math.max(1, sources.size()), (a, b) -> order.compare(a.element(), b.element()));
        for (Iterator<T> source : sources) {
            advance(source);
        }
    }

    /**
     * {@return the merge of {@code sources}: the only source itself when there is one}
     *
     * @param sources iterators each in {@code order}
     * @param order   the order of every source and of the result
     * @param <T>     the element type
     */
    static <T> Iterator<T> of(List<? extends Iterator<T>> sources, Comparator<? super T> order) {
        if (sources.size() == 1) {
            return sources.get(0);
        }
        return new MergedIterator<>(sources, order);
    }

    private void advance(Iterator<T> source) {
        if (source.hasNext()) {
            heads.add(new Head<>(source.next(), source));
        }
    }

    @Override
    public boolean hasNext() {
        while (!heads.isEmpty()) {
            Head<T> head = heads.peek();
            if (last == null || order.compare(head.element(), last) != 0) {
                return true;
            }
            heads.poll();
            advance(head.source());
        }
        return false;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Head<T> head = heads.poll();
        advance(head.source());
        last = head.element();
        return last;
    }
}
