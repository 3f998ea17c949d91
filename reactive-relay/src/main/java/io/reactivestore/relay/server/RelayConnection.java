package io.reactivestore.relay.server;

import io.reactivestore.relay.message.MessageJson;
import io.reactivestore.relay.policy.FilterPolicy;
import io.reactivestore.relay.policy.Rejection;
import io.reactivestore.relay.policy.RelaySession;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.InvalidEventException;
import io.reactivestore.event.InvalidJsonException;
import io.reactivestore.relay.internal.RelayMetrics;
import io.reactivestore.relay.message.ClientMessage;
import io.reactivestore.relay.message.NegentropyMessages;
import io.reactivestore.relay.message.RelayMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * One client WebSocket: the single dispatch over client message types. Messages are dispatched in
 * arrival order on the connection's event loop; an {@code EVENT}, {@code AUTH} or {@code COUNT} then
 * completes asynchronously (at most {@link RelayOptions#maxEventsInFlight()} at once, after which the
 * connection stops reading: backpressure reaches the client's TCP window).
 *
 * <p>Malformed input never closes the connection: a message that cannot be decoded gets a
 * {@code NOTICE}, or an {@code OK false} when it is an {@code EVENT} whose id can be read, or a
 * {@code CLOSED} when it is a {@code REQ} or {@code COUNT} whose subscription id can be read (an invalid
 * filter, a missing filter, an id over the advertised length); every reason carries its NIP-01 prefix.
 */
final class RelayConnection implements RelaySession {

    private static final Logger LOG = LoggerFactory.getLogger(RelayConnection.class);
    /** Every refusal sent to a client ({@code OK false}, {@code CLOSED}, {@code NOTICE}), at INFO; tune this logger alone. */
    private static final Logger REJECTIONS = LoggerFactory.getLogger("io.reactivestore.relay.rejections");
    private static final AtomicLong IDS = new AtomicLong();
    private static final Pattern EVENT_ID = Pattern.compile("^\\s*\\[\\s*\"EVENT\"\\s*,.*?\"id\"\\s*:\\s*\"([0-9a-f]{64})\"",
            Pattern.DOTALL);
    /**
     * The subscription id of a {@code REQ} or {@code COUNT}, read from the start of a message that could not
     * be decoded as a whole (on bytes read as ISO-8859-1, so one char per byte): a plain JSON string, without
     * escapes. Any length: an id over the limit is itself a reason to refuse, and is answered on.
     */
    private static final Pattern SUBSCRIPTION_ID = Pattern.compile(
            "^\\s*\\[\\s*\"(?:REQ|COUNT)\"\\s*,\\s*\"([^\"\\\\\\x00-\\x1f]+)\"\\s*[,\\]]");
    /** How many bytes of a malformed message are searched for an event id. */
    private static final int ID_SEARCH_LIMIT = 4096;
    /**
     * Why a REQ or COUNT with a NIP-50 {@code search} is refused when the store cannot search. NIP-01 does not
     * list {@code unsupported:} among its standard prefixes, so the answer is {@code invalid:}.
     */
    static final String SEARCH_UNSUPPORTED = "search (NIP-50) is not supported by this relay";

    /** The CLOSED text of a REQ past the per-address subscription budget. */
    private static final String PER_ADDRESS = "too many open subscriptions from your address, the limit is ";

    private final long id = IDS.incrementAndGet();
    private final RelayCore core;
    private final @Nullable InetSocketAddress remote;
    private final OutboundQueue outbound;
    private final RateLimits.Buckets buckets;
    /** The client address's subscription budget, or {@code null} for none. */
    private final AddressBudgets.@Nullable Address address;
    private final RefusalLog refusals;
    /** NIP-77 sessions: {@code NEG-OPEN}, {@code NEG-MSG}, {@code NEG-CLOSE}. */
    private final NegentropySessions negentropy;
    private final ConcurrentHashMap<String, LiveSubscription> subscriptions = new ConcurrentHashMap<>();
    private final Set<String> authenticated = ConcurrentHashMap.newKeySet();
    private final Set<String> authenticatedView = Collections.unmodifiableSet(authenticated);
    private final String challenge;
    private volatile @Nullable Connection channel;
    /** Messages dispatched and not yet answered. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    /**
     * @param loop the connection's event loop: writes, and resumes stored deliveries that waited for the
     *             client to read
     */
    RelayConnection(RelayCore core, @Nullable InetSocketAddress remote, ScheduledExecutorService loop,
            AddressBudgets.@Nullable Address address, RefusalLog refusals, Runnable onOverflow) {
        this.core = core;
        this.remote = remote;
        this.address = address;
        this.refusals = refusals;
        this.challenge = core.authentication.newChallenge();
        this.outbound = new OutboundQueue(core.options.maxOutboundMessages(), core.options.maxOutboundBytes(),
                StoredDelivery.WINDOW, loop, () -> {
                    draining = true;
                    onOverflow.run();
                });
        this.buckets = core.rateLimits.acquire(remote == null ? null : remote.getAddress());
        this.negentropy = new NegentropySessions(core, outbound, id, this::refuseRead);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public @Nullable InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public Set<String> authenticatedPubkeys() {
        return authenticatedView;
    }

    OutboundQueue outbound() {
        return outbound;
    }

    /** The relay's metrics, for this connection's subscriptions. */
    RelayMetrics metrics() {
        return core.metrics;
    }

    /** Sends the NIP-42 challenge; called once when the connection opens. */
    void open() {
        outbound.offer(new RelayMessage.AuthChallenge(challenge));
    }

    /**
     * Handles one inbound frame; the returned Mono completes when the message is fully answered. After
     * {@link #drain()} frames are ignored: they were not acknowledged, so nothing acknowledged is lost.
     */
    Mono<Void> handle(WebSocketFrame frame) {
        if (draining) {
            return Mono.empty();
        }
        inFlight.incrementAndGet();
        Mono<Void> work;
        try {
            work = dispatch(frame);
        } catch (RuntimeException unexpected) {
            LOG.warn("{}: message handling failed", this, unexpected);
            notice(ErrorMapping.toRejection(unexpected).toWire());
            work = Mono.empty();
        }
        return work.doFinally(signal -> {
            if (inFlight.decrementAndGet() == 0 && draining) {
                outbound.complete();
            }
        });
    }

    /** Stops taking messages; the outbound queue completes once every message in flight is answered. */
    void drain() {
        draining = true;
        if (inFlight.get() == 0) {
            outbound.complete();
        }
    }

    private Mono<Void> dispatch(WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame)) {
            notice("invalid: only text messages are understood");
            return Mono.empty();
        }
        byte[] bytes = ByteBufUtil.getBytes(frame.content());
        if (NegentropyMessages.isNegentropy(bytes)) {
            return negentropy.handle(bytes);
        }
        ClientMessage message;
        try {
            message = MessageJson.parseClientMessage(bytes);
        } catch (InvalidJsonException | InvalidEventException e) {
            malformed(bytes, e);
            return Mono.empty();
        }
        if (message instanceof ClientMessage.Publish m) {
            return publish(m);
        } else if (message instanceof ClientMessage.Req m) {
            request(m);
        } else if (message instanceof ClientMessage.Close m) {
            close(m.subscriptionId());
        } else if (message instanceof ClientMessage.Auth m) {
            return authenticate(m);
        } else if (message instanceof ClientMessage.Count m) {
            return count(m);
        }
        return Mono.empty();
    }

    private void malformed(byte[] bytes, RuntimeException error) {
        Rejection rejection = ErrorMapping.toRejection(error);
        REJECTIONS.info("connection {} sent a malformed message: {}", id, rejection);
        String head = new String(bytes, 0, Math.min(bytes.length, ID_SEARCH_LIMIT), StandardCharsets.UTF_8);
        Matcher matcher = EVENT_ID.matcher(head);
        boolean hasId = matcher.find();
        core.metrics.rejected(hasId ? "OK" : "NOTICE", rejection.toWire());
        if (hasId) {
            outbound.offer(new RelayMessage.Ok(matcher.group(1), false, rejection.toWire()));
            return;
        }
        String subId = subscriptionIdOf(bytes);
        if (subId != null) {
            // NIP-01: a refused REQ is answered with CLOSED on its id; any subscription of that id ends
            close(subId);
            closed(subId, rejection);
        } else {
            notice(rejection.toWire());
        }
    }

    /**
     * The subscription id of a malformed {@code REQ} or {@code COUNT} if it can be read: the second element,
     * a JSON string without escapes, valid UTF-8, within the first {@value #ID_SEARCH_LIMIT} bytes;
     * otherwise {@code null} (the refusal then goes out as a {@code NOTICE}).
     */
    private static @Nullable String subscriptionIdOf(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, ID_SEARCH_LIMIT), StandardCharsets.ISO_8859_1);
        Matcher matcher = SUBSCRIPTION_ID.matcher(head);
        if (!matcher.find()) {
            return null;
        }
        byte[] raw = matcher.group(1).getBytes(StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private void notice(String text) {
        outbound.offer(new RelayMessage.Notice(text));
    }

    // ---------------------------------------------------------------- EVENT

    private Mono<Void> publish(ClientMessage.Publish message) {
        if (!buckets.tryEvent()) {
            refusals.refused(clientKey(), "events per second", "EVENT answered rate-limited");
            core.metrics.rejected("OK", Rejection.Reason.RATE_LIMITED.prefix());
            outbound.offer(new RelayMessage.Ok(message.event().id(), false,
                    Rejection.of(Rejection.Reason.RATE_LIMITED, "slow down, too many events").toWire()));
            return Mono.empty();
        }
        return core.publish(message.event(), this).doOnNext(this::reply).then();
    }

    private void reply(RelayMessage.Ok ok) {
        if (!ok.accepted()) {
            REJECTIONS.info("connection {} OK false {}: {}", id, ok.eventId(), ok.message());
            core.metrics.rejected("OK", ok.message());
        }
        outbound.offer(ok);
    }

    // ---------------------------------------------------------------- REQ, CLOSE, COUNT

    private void request(ClientMessage.Req message) {
        String subId = message.subscriptionId();
        Optional<Rejection> refused = refuseRead(message.filters());
        boolean added = false;
        if (refused.isEmpty() && !subscriptions.containsKey(subId)) {
            if (subscriptions.size() >= core.options.maxSubscriptions()) {
                refused = Optional.of(Rejection.blocked("too many open subscriptions, the limit is "
                        + core.options.maxSubscriptions()));
            } else if (address != null && !address.tryAddSubscription()) {
                refusals.refused(clientKey(), "subscriptions per address", "REQ answered CLOSED");
                refused = Optional.of(Rejection.blocked(PER_ADDRESS + core.options.maxSubscriptionsPerAddress()));
            } else {
                added = true;
            }
        }
        if (refused.isPresent()) {
            close(subId);
            closed(subId, refused.get());
            return;
        }
        List<Filter> live = new ArrayList<>(message.filters().size());
        List<Filter> stored = new ArrayList<>(message.filters().size());
        for (Filter filter : message.filters()) {
            live.add(filter.withLimit(null));
            stored.add(filter.withLimit(clampLimit(filter.limit())));
        }
        LiveSubscription subscription = new LiveSubscription(this, subId, List.copyOf(live),
                core.options.maxOutboundMessages(), core.options.hasExternalEvents(), core.metrics.now());
        LiveSubscription previous = subscriptions.put(subId, subscription);
        if (previous != null) {
            retire(previous);
            if (added) {
                released(1);
            }
        }
        core.index.add(subscription);
        // The stored query outlives this message on purpose: the subscription owns it (CLOSE, replacement
        // and disconnect dispose it), it pulls only as many events as it holds outbound credits for, and
        // its errors end the subscription with a CLOSED.
        StoredDelivery delivery = new StoredDelivery(subscription, core.inFlight, core.expiration);
        subscription.storedQuery(delivery);
        core.store.queryPages(stored, StoredDelivery.BATCH).subscribe(delivery);
    }

    private int clampLimit(@Nullable Integer limit) {
        return limit == null ? core.options.defaultLimit() : Math.min(limit, core.options.maxLimit());
    }

    /** Why a REQ or COUNT with {@code filters} is refused, if it is. */
    private Optional<Rejection> refuseRead(List<Filter> filters) {
        if (core.options.authRequiredForReads() && authenticated.isEmpty()) {
            return Optional.of(Rejection.of(Rejection.Reason.AUTH_REQUIRED, "authenticate with NIP-42 AUTH to read here"));
        }
        if (filters.size() > core.options.maxFiltersPerRequest()) {
            return Optional.of(Rejection.invalid("too many filters, the limit is " + core.options.maxFiltersPerRequest()));
        }
        if (!core.store.supportsSearch() && Filter.anySearch(filters)) {
            return Optional.of(Rejection.invalid(SEARCH_UNSUPPORTED));
        }
        if (!buckets.tryRequest()) {
            refusals.refused(clientKey(), "requests per second", "REQ or COUNT answered CLOSED rate-limited");
            return Optional.of(Rejection.of(Rejection.Reason.RATE_LIMITED, "slow down, too many requests"));
        }
        for (FilterPolicy policy : core.options.filterPolicies()) {
            Optional<Rejection> verdict = policy.check(filters, this);
            if (verdict.isPresent()) {
                return verdict;
            }
        }
        return Optional.empty();
    }

    private void close(String subId) {
        LiveSubscription subscription = subscriptions.remove(subId);
        if (subscription != null) {
            retire(subscription);
            released(1);
        }
    }

    /** Gives subscription slots back to the address budget. */
    private void released(int count) {
        if (address != null && count > 0) {
            address.removeSubscriptions(count);
        }
    }

    /** Open subscriptions of this connection. */
    int subscriptionCount() {
        return subscriptions.size();
    }

    private String clientKey() {
        return address != null ? address.toString() : String.valueOf(remote);
    }

    private void retire(LiveSubscription subscription) {
        subscription.deactivate();
        core.index.remove(subscription);
    }

    /** Ends {@code subscription} from the relay's side with a {@code CLOSED} saying why. */
    void endSubscription(LiveSubscription subscription, Rejection reason) {
        if (subscriptions.remove(subscription.id(), subscription)) {
            retire(subscription);
            released(1);
            closed(subscription.id(), reason);
        }
    }

    private void closed(String subId, Rejection reason) {
        if (reason.reason() == Rejection.Reason.RATE_LIMITED || reason.message().startsWith(PER_ADDRESS)) {
            // budget refusals are logged once per address and minute by the RefusalLog
            REJECTIONS.debug("connection {} CLOSED {}: {}", id, subId, reason);
        } else {
            REJECTIONS.info("connection {} CLOSED {}: {}", id, subId, reason);
        }
        core.metrics.rejected("CLOSED", reason.toWire());
        outbound.offer(new RelayMessage.Closed(subId, reason.toWire()));
    }

    private Mono<Void> count(ClientMessage.Count message) {
        Optional<Rejection> refused = refuseRead(message.filters());
        if (refused.isPresent()) {
            closed(message.subscriptionId(), refused.get());
            return Mono.empty();
        }
        // expired events still in the store must not be counted: purge the due ones first; if that fails,
        // count anyway and say the count is approximate
        return core.expiration.purgeDue(core.store)
                .map(purged -> core.expiration.countsAreExact())
                .onErrorReturn(false)
                .flatMap(exact -> core.store.count(message.filters())
                        .map(n -> new RelayMessage.CountResult(message.subscriptionId(), n, !exact)))
                .doOnNext(outbound::offer)
                .onErrorResume(error -> {
                    closed(message.subscriptionId(), ErrorMapping.toRejection(error));
                    return Mono.empty();
                })
                .then();
    }

    // ---------------------------------------------------------------- AUTH

    private Mono<Void> authenticate(ClientMessage.Auth message) {
        Event event = message.event();
        return Mono.fromCallable(() -> {
                    Rejection rejection = core.authentication.check(event, challenge);
                    if (rejection != null) {
                        throw ErrorMapping.reject(rejection);
                    }
                    event.verify();
                    authenticated.add(event.pubkey());
                    LOG.debug("connection {} authenticated as {}", id, event.pubkey());
                    return new RelayMessage.Ok(event.id(), true, "");
                })
                .onErrorResume(error -> Mono.just(
                        new RelayMessage.Ok(event.id(), false, ErrorMapping.toRejection(error).toWire())))
                .doOnNext(this::reply)
                .then();
    }

    // ---------------------------------------------------------------- closing

    /** The Netty connection under this session, for {@link #closeChannel()}. */
    void channel(Connection value) {
        channel = value;
    }

    /** Closes the TCP connection at once, without a closing handshake. */
    void closeChannel() {
        Connection c = channel;
        if (c != null) {
            c.dispose();
        }
    }

    /** Ends every subscription and frees the rate-limit buckets; called once when the connection is gone. */
    void terminate() {
        negentropy.closeAll();
        for (String subId : List.copyOf(subscriptions.keySet())) {
            close(subId);
        }
        outbound.complete();
        core.rateLimits.release(remote == null ? null : remote.getAddress(), buckets);
    }

    @Override
    public String toString() {
        return "connection " + id + " from " + remote;
    }
}
