package io.reactivestore.event;

import java.util.Comparator;

/** The order in which stores and the relay return events. */
public final class EventOrder {

    /** Newest first: {@code created_at} descending, then id ascending on ties. */
    public static final Comparator<Event> NEWEST_FIRST = (a, b) -> {
        int byTime = Long.compare(b.createdAt(), a.createdAt());
        return byTime != 0 ? byTime : a.id().compareTo(b.id());
    };

    private EventOrder() {
    }
}
