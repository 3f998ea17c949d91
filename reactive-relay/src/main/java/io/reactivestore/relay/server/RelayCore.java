package io.reactivestore.relay.server;

import io.reactivestore.relay.policy.EventPolicy;
import io.reactivestore.relay.policy.Rejection;

import io.reactivestore.event.Event;
import io.reactivestore.relay.internal.RelayMetrics;
import io.reactivestore.event.KindClass;
import io.reactivestore.relay.message.RelayMessage;
import io.reactivestore.relay.policy.Policies;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * What every connection shares: the store, the options, the live index, and the path of a published
 * event: checks and signature verification on the connection's event loop, policies, the store, the
 * {@code OK} answer and the live fan-out, which runs on the {@link LiveDispatcher}'s thread so that
 * no publisher waits for it.
 */
final class RelayCore {

    private static final Logger LOG = LoggerFactory.getLogger(RelayCore.class);

    final EventStore store;
    final RelayOptions options;
    final LiveIndex index = new LiveIndex();
    final InFlightEvents inFlight = new InFlightEvents();
    final Expiration expiration;
    final Deletions deletions;
    final Authentication authentication;
    final RateLimits rateLimits;
    final LiveDispatcher dispatcher;
    final RelayMetrics metrics;
    /** Open NIP-77 sessions over all connections. */
    final NegentropyBudget negentropyBudget;
    private final EventPolicy limits;
    private final EventPolicy userPolicies;

    RelayCore(EventStore store, RelayOptions options) {
        this.store = store;
        this.options = options;
        this.metrics = options.metrics();
        this.negentropyBudget = new NegentropyBudget(options.maxNegentropySessionsTotal());
        this.expiration = new Expiration(options.clock());
        this.deletions = new Deletions(store);
        this.authentication = new Authentication(options.clock());
        this.rateLimits = new RateLimits(options);
        this.dispatcher = new LiveDispatcher(index, options.maxLiveBacklog());
        List<EventPolicy> builtIn = new ArrayList<>();
        builtIn.add(Policies.maxTags(options.maxEventTags()));
        builtIn.add(Policies.maxContentLength(options.maxContentLength()));
        builtIn.add(Policies.createdAtWindow(options.createdAtPast(), options.createdAtFuture(), options.clock()));
        if (options.minPowDifficulty() > 0) {
            builtIn.add(Policies.proofOfWork(options.minPowDifficulty()));
        }
        this.limits = Policies.all(builtIn);
        this.userPolicies = Policies.all(options.eventPolicies());
    }

    /**
     * Handles a published event and emits the {@code OK} to send; never errors. {@code OK true} means the
     * event is durably stored (or, for an ephemeral kind, was queued for its live subscribers).
     *
     * <p>The admission checks, signature verification included (about 50 µs of CPU), run on the subscribing
     * thread, the connection's event loop: measured with the relay load generator, handing them to the
     * parallel scheduler and the {@code OK} back to the event loop cost more CPU per event than the check
     * itself, and wrote every {@code OK} in its own syscall instead of one per read batch.
     */
    Mono<RelayMessage.Ok> publish(Event event, RelayConnection session) {
        long start = metrics.now();
        return Mono.fromCallable(() -> admit(event, session))
                .flatMap(admitted -> store(admitted, session))
                .onErrorResume(error -> {
                    Rejection rejection = ErrorMapping.toRejection(error);
                    return Mono.just(new RelayMessage.Ok(event.id(), false, rejection.toWire()));
                })
                .doOnNext(ok -> metrics.eventAnswered(start, ok.accepted()));
    }

    /** The checks that need no store, cheapest first; throws the rejection. CPU-bound, never blocks. */
    private Event admit(Event event, RelayConnection session) {
        if (event.kind() == Authentication.KIND) {
            throw ErrorMapping.reject(Rejection.invalid("kind 22242 is only accepted in an AUTH message"));
        }
        if (dispatcher.saturated()) {
            throw ErrorMapping.reject(Rejection.of(Rejection.Reason.RATE_LIMITED,
                    "the relay is busy delivering live events, try again shortly"));
        }
        if (options.authRequiredForWrites()) {
            Set<String> authed = session.authenticatedPubkeys();
            if (authed.isEmpty()) {
                throw ErrorMapping.reject(Rejection.of(Rejection.Reason.AUTH_REQUIRED,
                        "authenticate with NIP-42 AUTH to publish here"));
            }
            if (!authed.contains(event.pubkey())) {
                throw ErrorMapping.reject(Rejection.restricted("you may only publish events you signed"));
            }
        }
        rejectIfPresent(limits.check(event, session));
        if (expiration.isExpired(event)) {
            throw ErrorMapping.reject(Rejection.invalid("this event has expired"));
        }
        event.verify();
        rejectIfPresent(userPolicies.check(event, session));
        return event;
    }

    private static void rejectIfPresent(Optional<Rejection> verdict) {
        if (verdict.isPresent()) {
            throw ErrorMapping.reject(verdict.get());
        }
    }

    private Mono<RelayMessage.Ok> store(Event event, RelayConnection session) {
        if (event.kindClass() == KindClass.EPHEMERAL) {
            fanOut(event);
            forwardEphemeral(event);
            return Mono.just(new RelayMessage.Ok(event.id(), true, ""));
        }
        boolean deletion = event.kind() == Deletions.KIND;
        Mono<Void> before = deletion ? Mono.empty() : refuseIfAddressDeleted(event);
        return Mono.defer(() -> {
                    inFlight.begin(event.id());
                    return before.then(store.save(event)).flatMap(result -> after(event, result, deletion));
                })
                .map(result -> answer(event, result, session))
                .doFinally(signal -> inFlight.end(event.id()));
    }

    /**
     * What follows a save, so that a deletion request and a version of an address it names, saved at once
     * (on two connections or two cluster nodes), cannot miss each other: each side writes first and looks
     * for the other second. A deletion request is applied after it is stored; a version of an address is
     * looked up against stored deletion requests again after it is stored, and deleted if one names it.
     * With a store whose committed writes are visible to every later read (PostgreSQL, the memory and LMDB
     * stores), whichever of the two commits last sees the other. Such a version may be seen by other
     * nodes' feeds (stored, then removed) in the meantime.
     */
    private Mono<SaveResult> after(Event event, SaveResult result, boolean deletion) {
        if (deletion) {
            return result == SaveResult.DELETED ? Mono.just(result) : deletions.apply(event).thenReturn(result);
        }
        if (event.address() == null || (result != SaveResult.SAVED && result != SaveResult.REPLACED)) {
            return Mono.just(result);
        }
        return deletions.isAddressDeleted(event).flatMap(deleted -> deleted
                ? store.delete(Deletion.byAuthor(event.id(), event.pubkey())).thenReturn(SaveResult.DELETED)
                : Mono.just(result));
    }

    private Mono<Void> refuseIfAddressDeleted(Event event) {
        return deletions.isAddressDeleted(event).flatMap(deleted -> deleted
                ? Mono.error(ErrorMapping.reject(Rejection.blocked("this address was deleted by its author")))
                : Mono.empty());
    }

    private RelayMessage.Ok answer(Event event, SaveResult result, RelayConnection session) {
        return switch (result) {
            case SAVED, REPLACED -> {
                expiration.track(event);
                notifySaved(event, session);
                // in flight until its fan-out ran (not only until saved): see LiveSubscription#endOfStored
                inFlight.begin(event.id());
                dispatcher.submit(event, () -> inFlight.end(event.id()));
                yield new RelayMessage.Ok(event.id(), true, "");
            }
            case DUPLICATE -> new RelayMessage.Ok(event.id(), true, "duplicate: already have this event");
            case OUTDATED -> throw ErrorMapping.reject(Rejection.of(Rejection.Reason.DUPLICATE,
                    "a newer version of this replaceable event is stored"));
            case DELETED -> throw ErrorMapping.reject(Rejection.blocked("this event was deleted by its author"));
        };
    }

    private void notifySaved(Event event, RelayConnection session) {
        for (SavedEventListener listener : options.onEventSaved()) {
            try {
                listener.onSaved(event, session);
            } catch (RuntimeException e) {
                LOG.warn("onEventSaved listener failed", e);
            }
        }
    }

    private void forwardEphemeral(Event event) {
        for (Consumer<Event> listener : options.onEphemeralEvent()) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("onEphemeralEvent listener failed", e);
            }
        }
    }

    /** Queues {@code event} for every live subscription it matches, on the fan-out thread. */
    void fanOut(Event event) {
        dispatcher.submit(event, () -> { });
    }

    /** Delivers an event another node stored (or an ephemeral event it accepted), unless it has expired; never stores it. */
    void deliverExternal(Event event) {
        if (event.kind() != Authentication.KIND && !expiration.isExpired(event)) {
            expiration.track(event); // every node purges it when due (a purge of a purged event is a no-op)
            fanOut(event);
        }
    }
}
