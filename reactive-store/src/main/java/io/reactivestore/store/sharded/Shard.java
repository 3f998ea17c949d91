package io.reactivestore.store.sharded;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.EventStore;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One member of a {@link ShardedEventStore}: its store, which events it takes, and which kinds it can
 * hold (when it is known), so that queries naming kinds skip it when it cannot hold them.
 *
 * @param store where the events go
 * @param takes which events are routed here (the first shard in declaration order that takes an event
 *     gets it)
 * @param holdsKind which kinds this shard may hold; always true for a shard routed by a general predicate
 */
record Shard(EventStore store, Predicate<Event> takes, IntPredicate holdsKind) {

    static Shard byKind(EventStore store, IntPredicate kinds) {
        return new Shard(store, e -> kinds.test(e.kind()), kinds);
    }

    /**
     * {@code filter} narrowed to the kinds this shard may hold, or {@code null} if it names kinds and
     * none of them can be here. A filter without kinds is sent unchanged.
     */
    @Nullable Filter narrow(Filter filter) {
        if (filter.kinds() == null) {
            return filter;
        }
        Set<Integer> kinds = new LinkedHashSet<>();
        for (Integer kind : filter.kinds()) {
            if (holdsKind.test(kind)) {
                kinds.add(kind);
            }
        }
        if (kinds.isEmpty()) {
            return null;
        }
        return kinds.size() == filter.kinds().size() ? filter : filter.withKinds(kinds);
    }
}
