package io.reactivestore.store.memory;

import io.reactivestore.event.Event;
import io.reactivestore.event.EventOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The result of one query over several filters, computed as it is read: the filters' own results (each
 * newest first and within its limit) merged newest first, each event once, and of two versions of one
 * replaceable address only the first in that order (the winning one). The set of addresses seen is bounded
 * by the output. Not thread-safe: one reader at a time, as a Reactor source serializes its requests.
 */
final class ResultCursor implements Iterator<Event> {

    private final Iterator<Event> merged;
    private @Nullable Set<String> addresses;
    private @Nullable Event next;

    /** @param perFilter each filter's result, newest first; or one source, in any order (a ranked search) */
    ResultCursor(List<? extends Iterator<Event>> perFilter) {
        this.merged = perFilter.isEmpty() ? List.<Event>of().iterator() : MergedIterator.of(perFilter, EventOrder.NEWEST_FIRST);
    }

    @Override
    public boolean hasNext() {
        while (next == null && merged.hasNext()) {
            Event candidate = merged.next();
            String address = candidate.address();
            if (address == null) {
                next = candidate;
            } else {
                if (addresses == null) {
                    addresses = new HashSet<>();
                }
                if (addresses.add(address)) {
                    next = candidate;
                }
            }
        }
        return next != null;
    }

    @Override
    public Event next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Event result = Objects.requireNonNull(next, "hasNext() found one");
        next = null;
        return result;
    }

    /**
     * Up to {@code max} more events, in order; empty only when the cursor is exhausted.
     *
     * @param max the most events to take, at least 1
     * @return the events taken
     */
    List<Event> nextPage(int max) {
        List<Event> page = new ArrayList<>(Math.min(max, 64));
        while (page.size() < max && hasNext()) {
            page.add(next());
        }
        return page;
    }
}
