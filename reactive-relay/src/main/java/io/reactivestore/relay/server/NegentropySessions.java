package io.reactivestore.relay.server;

import io.reactivestore.event.Filter;
import io.reactivestore.negentropy.Negentropy;
import io.reactivestore.negentropy.NegentropyException;
import io.reactivestore.relay.message.NegentropyMessage;
import io.reactivestore.relay.message.NegentropyMessages;
import io.reactivestore.negentropy.NegentropyStorage;
import io.reactivestore.negentropy.TooManyRecordsException;
import io.reactivestore.relay.policy.Rejection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The NIP-77 negentropy sessions of one connection: {@code NEG-OPEN} collects the records matching the
 * filter from the store (ids and {@code created_at} only, 40 bytes each, at most
 * {@link RelayOptions#maxNegentropyRecords()}) and answers; each {@code NEG-MSG} is answered from them;
 * {@code NEG-CLOSE} and disconnect free them. At most {@link RelayOptions#maxNegentropySessions()} at once on
 * this connection and {@link RelayOptions#maxNegentropySessionsTotal()} over the relay; a session whose client
 * sends no {@code NEG-MSG} within {@link RelayOptions#negentropyIdleTimeout()} of the relay's answer is closed.
 *
 * <p><b>Memory per session:</b> 40 bytes per matching record (a single {@code long[]}; while it is collected
 * and grows, at most one copy more), plus the message being answered and the answer, each at most
 * {@link RelayOptions#negentropyFrameSizeLimit()} bytes. The store's events are read one page at a time
 * and dropped once their id and {@code created_at} are copied.
 *
 * <p>Every refusal is a {@code NEG-ERR} with a NIP-01 prefix ({@code blocked:}, {@code closed:},
 * {@code invalid:}, or the read policy's own), after which that session is closed; the connection goes on.
 * Reconciliation is CPU work and runs on the {@code work} scheduler (Reactor's parallel one), never on the
 * event loop; one session handles one message at a time (a client sending the next {@code NEG-MSG} before
 * the answer gets {@code NEG-ERR "invalid: ..."}).
 */
final class NegentropySessions {

    private static final Logger REJECTIONS = LoggerFactory.getLogger("io.reactivestore.relay.rejections");
    /** Events per page read from the store while collecting a session's records. */
    private static final int PAGE = 256;

    /** One open session: records still loading ({@code negentropy == null}) or ready. Guarded by itself. */
    private static final class Session {
        final String id;
        volatile @Nullable Disposable loading;
        /** Completes the {@code NEG-OPEN}'s handling when the session is closed while loading. */
        volatile Runnable closed = () -> { };
        @Nullable Negentropy negentropy;
        boolean busy = true;
        /** Messages received: an idle timer armed after answer {@code n} only fires if no message came since. */
        long received;
        @Nullable Disposable idle;

        Session(String id) {
            this.id = id;
        }
    }

    private final RelayCore core;
    private final OutboundQueue outbound;
    private final long connectionId;
    /** Decides whether a read with these filters is refused (auth, rate limits, filter policies). */
    private final Function<List<Filter>, Optional<Rejection>> readPolicy;
    private final Scheduler work;
    private final Scheduler timer;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    NegentropySessions(RelayCore core, OutboundQueue outbound, long connectionId,
            Function<List<Filter>, Optional<Rejection>> readPolicy) {
        this(core, outbound, connectionId, readPolicy, Schedulers.parallel(), Schedulers.parallel());
    }

    /**
     * Sessions with their own schedulers.
     *
     * @param core what every connection shares
     * @param outbound where answers and refusals are queued
     * @param connectionId the connection, for the log
     * @param readPolicy decides whether a read with these filters is refused
     * @param work where records are collected and sorted and messages reconciled
     * @param timer where idle timeouts are scheduled (a virtual-time scheduler in tests)
     */
    NegentropySessions(RelayCore core, OutboundQueue outbound, long connectionId,
            Function<List<Filter>, Optional<Rejection>> readPolicy, Scheduler work, Scheduler timer) {
        this.core = core;
        this.outbound = outbound;
        this.connectionId = connectionId;
        this.readPolicy = readPolicy;
        this.work = work;
        this.timer = timer;
    }

    /** Handles one {@code NEG-*} message; the Mono completes when it is answered. */
    Mono<Void> handle(byte[] json) {
        NegentropyMessage message = NegentropyMessages.parse(json);
        if (message instanceof NegentropyMessage.Open m) {
            return open(m);
        } else if (message instanceof NegentropyMessage.Msg m) {
            return reconcile(m);
        } else if (message instanceof NegentropyMessage.Close m) {
            close(m.subscriptionId());
        } else if (message instanceof NegentropyMessage.Invalid m) {
            if (m.subscriptionId() != null) {
                close(m.subscriptionId());
                error(m.subscriptionId(), m.reason());
            } else {
                REJECTIONS.info("connection {} sent a malformed NEG message: {}", connectionId, m.reason());
                outbound.offer(new io.reactivestore.relay.message.RelayMessage.Notice(m.reason()));
            }
        } else if (message instanceof NegentropyMessage.Err m) {
            close(m.subscriptionId());
            error(m.subscriptionId(), "invalid: NEG-ERR is sent by relays, not clients");
        }
        return Mono.empty();
    }

    private Mono<Void> open(NegentropyMessage.Open m) {
        String subId = m.subscriptionId();
        close(subId); // NIP-77: a NEG-OPEN for an open id first closes it
        Optional<Rejection> refused = readPolicy.apply(List.of(m.filter()));
        if (refused.isPresent()) {
            error(subId, refused.get().toWire());
            return Mono.empty();
        }
        if (tooLarge(subId, m.message())) {
            return Mono.empty();
        }
        Session session = new Session(subId);
        if (sessions.size() >= core.options.maxNegentropySessions() || sessions.putIfAbsent(subId, session) != null) {
            error(subId, "blocked: too many open negentropy sessions on this connection, the limit is "
                    + core.options.maxNegentropySessions());
            return Mono.empty();
        }
        if (!core.negentropyBudget.tryAcquire()) {
            sessions.remove(subId, session);
            error(subId, "blocked: too many open negentropy sessions on this relay, the limit is "
                    + core.negentropyBudget.max() + "; try again later");
            return Mono.empty();
        }
        int maxRecords = core.options.maxNegentropyRecords();
        return Mono.<Void>create(sink -> {
            Disposable loading = NegentropyStorage.collectPages(core.store.queryPages(List.of(m.filter()), PAGE)
                            .map(page -> page.stream().filter(event -> !core.expiration.isExpired(event)).toList()),
                            maxRecords)
                    .subscribeOn(work) // a store that reads on the subscribing thread must not use the event loop
                    .publishOn(work)
                    .subscribe(storage -> {
                        synchronized (session) {
                            session.negentropy = new Negentropy(storage, core.options.negentropyFrameSizeLimit());
                        }
                        answer(session, m.message());
                        sink.success();
                    }, error -> {
                        failed(session, error);
                        sink.success();
                    }, sink::success);
            session.loading = loading;
            session.closed = sink::success;
            sink.onCancel(loading);
        });
    }

    private Mono<Void> reconcile(NegentropyMessage.Msg m) {
        Session session = sessions.get(m.subscriptionId());
        if (session == null) {
            error(m.subscriptionId(), "closed: no open negentropy session with this id");
            return Mono.empty();
        }
        if (tooLarge(m.subscriptionId(), m.message())) {
            close(m.subscriptionId());
            return Mono.empty();
        }
        synchronized (session) {
            if (session.busy || session.negentropy == null) {
                close(session.id);
                error(session.id, "invalid: NEG-MSG before the relay's answer to the previous one");
                return Mono.empty();
            }
            session.busy = true;
            session.received++;
            if (session.idle != null) {
                session.idle.dispose();
                session.idle = null;
            }
        }
        return Mono.fromRunnable(() -> answer(session, m.message())).subscribeOn(work).then();
    }

    /** Runs one round on a parallel thread and queues the answer. */
    private void answer(Session session, byte[] message) {
        byte[] reply;
        try {
            synchronized (session) {
                if (sessions.get(session.id) != session) {
                    return; // closed meanwhile: remove() dropped its records
                }
                reply = Objects.requireNonNull(session.negentropy, "a session answers once loaded")
                        .reconcile(message);
                session.busy = false;
                long answered = session.received;
                Duration idle = core.options.negentropyIdleTimeout();
                session.idle = timer.schedule(() -> expire(session, answered), idle.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            failed(session, e);
            return;
        }
        if (sessions.get(session.id) == session) {
            outbound.offerJson(NegentropyMessages.write(new NegentropyMessage.Msg(session.id, reply)));
        }
    }

    /** The idle timer armed after the answer to message {@code answered}: closes the session if no message came since. */
    private void expire(Session session, long answered) {
        synchronized (session) {
            if (session.busy || session.received != answered) {
                return;
            }
        }
        if (remove(session)) {
            error(session.id, "closed: no NEG-MSG within " + core.options.negentropyIdleTimeout().toSeconds()
                    + " s of the relay's answer; the session's records were freed");
        }
    }

    /** Removes {@code session} if it is still open, freeing its place, timer and loading; whether it was open. */
    private boolean remove(Session session) {
        if (!sessions.remove(session.id, session)) {
            return false;
        }
        core.negentropyBudget.release();
        Disposable idle;
        synchronized (session) {
            idle = session.idle;
            session.idle = null;
            session.negentropy = null;
        }
        if (idle != null) {
            idle.dispose();
        }
        if (session.loading != null) {
            session.loading.dispose();
            session.closed.run();
        }
        return true;
    }

    private void failed(Session session, Throwable error) {
        if (!remove(session)) {
            return;
        }
        String reason;
        if (error instanceof TooManyRecordsException e) {
            reason = "blocked: this query is too big, more than " + e.maxRecords() + " events match";
        } else if (error instanceof NegentropyException e) {
            String message = String.valueOf(e.getMessage());
            reason = message.startsWith("invalid:") ? message : "invalid: " + message;
        } else {
            reason = ErrorMapping.toRejection(error).toWire();
        }
        error(session.id, reason);
    }

    private boolean tooLarge(String subId, byte[] message) {
        int limit = core.options.negentropyFrameSizeLimit();
        if (message.length <= limit) {
            return false;
        }
        error(subId, "blocked: negentropy message of " + message.length + " bytes, the frame size limit is " + limit);
        return true;
    }

    private void error(String subId, String reason) {
        REJECTIONS.info("connection {} NEG-ERR {}: {}", connectionId, subId, reason);
        outbound.offerJson(NegentropyMessages.write(new NegentropyMessage.Err(subId, reason)));
    }

    /** Closes one session, if open; cancels its loading. */
    void close(String subId) {
        Session session = sessions.get(subId);
        if (session != null) {
            remove(session);
        }
    }

    /** Open sessions. */
    int size() {
        return sessions.size();
    }

    /** Closes every session; called when the connection is gone. */
    void closeAll() {
        for (String subId : List.copyOf(sessions.keySet())) {
            close(subId);
        }
    }
}
