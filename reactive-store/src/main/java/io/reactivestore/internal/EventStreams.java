package io.reactivestore.internal;

import io.reactivestore.event.Event;
import io.reactivestore.event.EventOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;

/** Stream operations that several stores share: merging ordered results. */
public final class EventStreams {

    private EventStreams() {
    }

    /**
     * Merges streams that are each newest first into one newest-first stream (a k-way merge, streamed,
     * not collected) without duplicate ids and without two versions of one replaceable address: of two
     * versions, the first in newest-first order (the winning one) is kept. The set of addresses seen is
     * bounded by the size of the output.
     */
    public static Flux<Event> mergeNewestFirst(List<? extends Flux<Event>> sources) {
        if (sources.isEmpty()) {
            return Flux.empty();
        }
        @SuppressWarnings("unchecked") // a Flux<Event>[] holding only the given Flux<Event>s
        Flux<Event>[] array = sources.toArray(Flux[]::new);
        Flux<Event> merged = array.length == 1 ? array[0] : Flux.mergeComparing(EventOrder.NEWEST_FIRST, array);
        return Flux.defer(() -> {
            Set<String> addresses = new HashSet<>();
            return merged.distinctUntilChanged(Event::id)
                    .filter(e -> {
                        String address = e.address();
                        return address == null || addresses.add(address);
                    });
        });
    }
}
