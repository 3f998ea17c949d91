package io.reactivestore.relay.client;

import io.reactivestore.event.Event;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One item of a {@link RelayClient#subscribe relay subscription}: first the {@link Stored} events the
 * relay had when it answered, then exactly one {@link EndOfStored} marker (the relay's {@code EOSE}),
 * then {@link Live} events as they arrive. Sealed: handle the three records.
 *
 * <pre>{@code
 * client.subscribe(List.of(filter)).subscribe(item -> {
 *     if (item instanceof SubscriptionItem.Stored s) { history.add(s.event()); }
 *     else if (item instanceof SubscriptionItem.EndOfStored) { showHistory(); }
 *     else if (item instanceof SubscriptionItem.Live l) { show(l.event()); }
 * });
 * }</pre>
 */
public sealed interface SubscriptionItem {

    /** {@return the event this item carries, or {@code null} for {@link EndOfStored}} */
    @Nullable Event eventOrNull();

    /** An event the relay had stored when the subscription started (before {@code EOSE}). */
    record Stored(Event event) implements SubscriptionItem {
        /**
         * Validates the components.
         *
         * @param event the stored event
         */
        public Stored {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public @Nullable Event eventOrNull() {
            return event;
        }
    }

    /** The end of stored events ({@code EOSE}): every later item is {@link Live}. Emitted once. */
    record EndOfStored() implements SubscriptionItem {
        /** The one instance. */
        public static final EndOfStored INSTANCE = new EndOfStored();

        @Override
        public @Nullable Event eventOrNull() {
            return null;
        }
    }

    /** An event the relay received after {@code EOSE} (or missed while the client was reconnecting). */
    record Live(Event event) implements SubscriptionItem {
        /**
         * Validates the components.
         *
         * @param event the live event
         */
        public Live {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public @Nullable Event eventOrNull() {
            return event;
        }
    }
}
