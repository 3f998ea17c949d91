package io.reactivestore.relay.management;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.reactivestore.event.Event;
import io.reactivestore.relay.management.ModerationState.Kind;
import io.reactivestore.relay.policy.EventPolicy;
import io.reactivestore.relay.policy.FilterPolicy;
import io.reactivestore.relay.policy.Rejection;
import io.reactivestore.relay.policy.RelaySession;
import io.reactivestore.relay.server.HttpRoutes;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.KeyValueStore;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The NIP-86 relay management API, served on the relay's own URL: {@code POST /} with
 * {@code Content-Type: application/nostr+json+rpc}, authorised by NIP-98 (a kind 27235 event with {@code u},
 * {@code method} and {@code payload} tags, at most 60 s old, by one of the configured admin pubkeys, each
 * event usable once). Plug it in with {@link #install(RelayOptions.Builder)}, which adds the HTTP route, an
 * {@link EventPolicy}, a {@link FilterPolicy} and a NIP-11 overlay ({@code supported_nips} gains 86; a changed
 * name, description or icon shows at once).
 *
 * <p><b>Methods</b> ({@code supportedmethods} lists them): ban/unban/list pubkeys (their {@code EVENT}s get
 * {@code OK false "blocked: ..."}); allow/unallow/list pubkeys (once any pubkey is allowed, only allowed
 * pubkeys may publish); ban/allow/list events (a banned event is deleted from the store and refused when
 * published again; {@code allowevent} lifts the ban); {@code listeventsneedingmoderation} (always empty: this
 * relay keeps no moderation queue); change the relay's name, description, icon; allow/disallow/list kinds
 * (once any kind is allowed, only allowed kinds are accepted); block/unblock/list IP addresses (a blocked
 * address may still connect, but its {@code EVENT}s, {@code REQ}s and {@code COUNT}s are refused
 * {@code blocked:}; the address is the one the relay sees, unwrapped from trusted proxies' headers).
 *
 * <p><b>Answers.</b> {@code {"result": ...}} with 200; an authorisation failure: 401 with {@code {"result":
 * null, "error": "<why>"}}; a request that is not a valid call (not JSON, unknown method, bad parameters):
 * 400; a full list: 409; a body over {@value #MAX_BODY} bytes: 413; a store failure: 503; never a stack
 * trace.
 *
 * <p><b>State and durability.</b> Every change is written to the {@link KeyValueStore} (the same database as
 * the events) before it is answered and takes effect; {@link Builder#open()} reads it back after a restart. Bounds:
 * see {@code ModerationState} (50,000 entries per list) and NIP-98 replay memory (10,000 recent requests).
 *
 * <p><b>Threading.</b> Requests are authorised (a signature check, about 50 µs) and parsed on the event loop;
 * the policies are map lookups on the publishing connection's event loop.
 */
public final class RelayManagement implements HttpRoutes {

    /** The content type of NIP-86 requests and answers. */
    public static final String MEDIA_TYPE = "application/nostr+json+rpc";

    /** The largest request body, in bytes. */
    public static final int MAX_BODY = 64 * 1024;

    private final ModerationState state;
    private final ManagementRpc rpc;
    private final HttpAuth auth;
    private final @Nullable String publicUrl;
    private final Clock clock;
    private final Map<String, String> bannedPubkeys;
    private final Map<String, String> allowedPubkeys;
    private final Map<String, String> bannedEvents;
    private final Map<String, String> allowedKinds;
    private final Map<String, String> blockedIps;

    private RelayManagement(ModerationState state, EventStore events, Builder b) {
        this.state = state;
        this.rpc = new ManagementRpc(state, events);
        this.auth = new HttpAuth(b.admins);
        this.publicUrl = b.publicUrl == null ? null : HttpAuth.normalise(b.publicUrl);
        this.clock = b.clock;
        this.bannedPubkeys = state.list(Kind.BANNED_PUBKEYS);
        this.allowedPubkeys = state.list(Kind.ALLOWED_PUBKEYS);
        this.bannedEvents = state.list(Kind.BANNED_EVENTS);
        this.allowedKinds = state.list(Kind.ALLOWED_KINDS);
        this.blockedIps = state.list(Kind.BLOCKED_IPS);
    }

    /**
     * Options for the API over {@code events}, keeping its state in {@code keyValues} (take both from the same
     * store: {@code LmdbEventStore.keyValues()}, {@code R2dbcEventStore.keyValues()}, {@code MemoryEventStore
     * .keyValues()}).
     *
     * @param events    the relay's store, where {@code banevent} deletes
     * @param keyValues where the lists and settings are kept
     * @return a builder; at least one admin must be added
     */
    public static Builder builder(EventStore events, KeyValueStore keyValues) {
        return new Builder(events, keyValues);
    }

    /**
     * Adds this API to the relay's options: the HTTP route, the event and filter policies, the NIP-11 overlay.
     *
     * @param options the relay's options
     * @return {@code options}
     */
    public RelayOptions.Builder install(RelayOptions.Builder options) {
        return options.httpRoutes(this).rejectEvent(eventPolicy()).rejectFilter(filterPolicy())
                .informationOverlay(this::information);
    }

    /**
     * The policy enforcing the lists on {@code EVENT}s: map lookups, each skipped while its list is empty.
     *
     * @return the policy
     */
    public EventPolicy eventPolicy() {
        return this::check;
    }

    /**
     * The policy refusing {@code REQ} and {@code COUNT} from blocked IP addresses.
     *
     * @return the policy
     */
    public FilterPolicy filterPolicy() {
        return (filters, session) -> blocked(session)
                ? Optional.of(Rejection.blocked("your IP address is blocked")) : Optional.empty();
    }

    private Optional<Rejection> check(Event event, RelaySession session) {
        if (blocked(session)) {
            return Optional.of(Rejection.blocked("your IP address is blocked"));
        }
        if (!bannedEvents.isEmpty() && bannedEvents.containsKey(event.id())) {
            return Optional.of(Rejection.blocked("this event is banned"));
        }
        if (!bannedPubkeys.isEmpty() && bannedPubkeys.containsKey(event.pubkey())) {
            return Optional.of(Rejection.blocked("this pubkey is banned"));
        }
        if (!allowedPubkeys.isEmpty() && !allowedPubkeys.containsKey(event.pubkey())) {
            return Optional.of(Rejection.blocked("this pubkey is not allowed to write here"));
        }
        if (!allowedKinds.isEmpty() && !allowedKinds.containsKey(Integer.toString(event.kind()))) {
            return Optional.of(Rejection.blocked("kind " + event.kind() + " is not allowed here"));
        }
        return Optional.empty();
    }

    private boolean blocked(RelaySession session) {
        if (blockedIps.isEmpty()) {
            return false;
        }
        InetSocketAddress remote = session.remoteAddress();
        return remote != null && remote.getAddress() != null
                && blockedIps.containsKey(remote.getAddress().getHostAddress());
    }

    private Map<String, Object> information() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("supported_nips", List.of(86));
        fields.putAll(state.info());
        return fields;
    }

    // ---------------------------------------------------------------- HTTP

    /**
     * Takes requests to {@code /} whose content type is {@value #MEDIA_TYPE}.
     *
     * @param request the request
     * @return whether it is a NIP-86 call
     */
    @Override
    public boolean handles(HttpServerRequest request) {
        String type = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        return type != null && type.regionMatches(true, 0, MEDIA_TYPE, 0, MEDIA_TYPE.length())
                && (type.length() == MEDIA_TYPE.length() || type.charAt(MEDIA_TYPE.length()) == ';')
                && "/".equals(request.fullPath());
    }

    /**
     * Reads the body (at most {@value #MAX_BODY} bytes), authorises it and answers the call (see the class
     * comment for the statuses).
     *
     * @param request the request
     * @param response the response
     * @return completes when the answer is written
     */
    @Override
    public Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        if (request.method() != HttpMethod.POST) {
            return send(response, ManagementRpc.Reply.error(405, "NIP-86 calls are POSTs"));
        }
        String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && length.length() > 9 || length != null && parseLength(length) > MAX_BODY) {
            return send(response, ManagementRpc.Reply.error(413, "the body is larger than " + MAX_BODY + " bytes"));
        }
        String header = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        Set<String> urls = acceptedUrls(request);
        return request.receive().asByteArray()
                .collect(ByteArrayOutputStream::new, (out, chunk) -> {
                    if (out.size() + chunk.length > MAX_BODY) {
                        throw new TooLarge();
                    }
                    out.writeBytes(chunk);
                })
                .map(ByteArrayOutputStream::toByteArray)
                .flatMap(body -> {
                    try {
                        auth.check(header, request.method().name(), urls, body, clock.millis() / 1000);
                    } catch (HttpAuth.Refused refused) {
                        return Mono.just(ManagementRpc.Reply.error(401, String.valueOf(refused.getMessage())));
                    }
                    return rpc.call(body);
                })
                .onErrorResume(TooLarge.class, e -> Mono.just(
                        ManagementRpc.Reply.error(413, "the body is larger than " + MAX_BODY + " bytes")))
                .flatMap(reply -> send(response, reply));
    }

    private static long parseLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The {@code u} values that name this relay: its public URL, or else the request's own URL. */
    private Set<String> acceptedUrls(HttpServerRequest request) {
        if (publicUrl != null) {
            return Set.of(publicUrl);
        }
        String host = request.requestHeaders().get(HttpHeaderNames.HOST, "");
        return Set.of(HttpAuth.normalise("http://" + host + request.uri()),
                HttpAuth.normalise("https://" + host + request.uri()));
    }

    private static Mono<Void> send(HttpServerResponse response, ManagementRpc.Reply reply) {
        return response.status(reply.status())
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header("Access-Control-Allow-Origin", "*")
                .sendByteArray(Mono.just(reply.body())).then();
    }

    /** The body went past {@link #MAX_BODY}. */
    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("body too large", null, false, false);
        }
    }

    /** Options of the API; {@link #open()} validates them. Not thread-safe. */
    public static final class Builder {
        private final EventStore events;
        private final KeyValueStore keyValues;
        private final java.util.Set<String> admins = new java.util.LinkedHashSet<>();
        private @Nullable String publicUrl;
        private Clock clock = Clock.systemUTC();

        private Builder(EventStore events, KeyValueStore keyValues) {
            this.events = Objects.requireNonNull(events, "events");
            this.keyValues = Objects.requireNonNull(keyValues, "keyValues");
        }

        /**
         * Adds admins: the pubkeys whose NIP-98 events authorise calls.
         *
         * @param pubkeys public keys, 64 hex characters each
         * @return this builder
         * @throws IllegalArgumentException if one is not 64 hex characters
         */
        public Builder admins(Collection<String> pubkeys) {
            for (String pubkey : pubkeys) {
                String key = Objects.requireNonNull(pubkey, "pubkey").trim().toLowerCase(Locale.ROOT);
                if (!key.matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException("admin pubkey must be 64 hex characters, got '" + pubkey + "'");
                }
                admins.add(key);
            }
            return this;
        }

        /**
         * The relay's URL as clients know it ({@code wss://relay.example.com/}): NIP-98 {@code u} tags must name
         * it (its {@code https} twin is accepted too). Default: the URL of each request ({@code http://} or
         * {@code https://} with its {@code Host} header), right for a relay reached directly.
         *
         * @param url the URL, or {@code null} for the default
         * @return this builder
         */
        public Builder publicUrl(@Nullable String url) {
            publicUrl = url == null || url.isBlank() ? null : url.trim();
            return this;
        }

        /**
         * The clock for the NIP-98 time window; default the UTC system clock.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Reads the persisted state and builds the API.
         *
         * @return the API once its state is read; errors with {@link IllegalArgumentException} without admins,
         *     or as the store fails
         */
        public Mono<RelayManagement> open() {
            if (admins.isEmpty()) {
                return Mono.error(new IllegalArgumentException("NIP-86 management needs at least one admin pubkey"));
            }
            return ModerationState.load(keyValues).map(state -> new RelayManagement(state, events, this));
        }

        @Override
        public String toString() {
            return admins.stream().collect(Collectors.joining(",", "RelayManagement.Builder[", "]"));
        }
    }
}
