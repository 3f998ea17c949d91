package io.reactivestore.relay.management;

import io.reactivestore.relay.management.ModerationState.Kind;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.KeyValueStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The NIP-86 methods: parses a JSON-RPC-like request, checks its parameters, applies it to the
 * {@link ModerationState} (and, for {@code banevent}, deletes the event from the store) and renders the answer.
 * A request that is not a valid call answers {@link Reply#status()} 400 with an {@code error}; the state's
 * bounds 409; a store that fails 503.
 */
final class ManagementRpc {

    /** The methods served, as {@code supportedmethods} lists them. */
    static final List<String> METHODS = List.of("supportedmethods", "banpubkey", "unbanpubkey", "listbannedpubkeys",
            "allowpubkey", "unallowpubkey", "listallowedpubkeys", "banevent", "allowevent", "listbannedevents",
            "listeventsneedingmoderation", "changerelayname", "changerelaydescription", "changerelayicon",
            "allowkind", "disallowkind", "listallowedkinds", "blockip", "unblockip", "listblockedips");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern IP = Pattern.compile("[0-9.]{7,15}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final ModerationState state;
    private final EventStore events;

    ManagementRpc(ModerationState state, EventStore events) {
        this.state = state;
        this.events = events;
    }

    /** An answer: the HTTP status and the JSON body. */
    record Reply(int status, byte[] body) {
        static Reply result(Object result) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("result", result);
            return new Reply(200, JSON.writeValueAsBytes(doc));
        }

        static Reply error(int status, String message) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("result", null);
            doc.put("error", message);
            return new Reply(status, JSON.writeValueAsBytes(doc));
        }
    }

    /** A call that is not valid; answered 400. */
    private static final class BadCall extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadCall(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Answers one request body; never errors (every failure becomes a reply).
     *
     * @param body the request body
     * @return the reply
     */
    Mono<Reply> call(byte[] body) {
        return Mono.defer(() -> {
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (JacksonException e) {
                return Mono.just(Reply.error(400, "the body is not JSON"));
            }
            if (request == null || !request.isObject() || !request.path("method").isString()) {
                return Mono.just(Reply.error(400, "expected {\"method\": \"<name>\", \"params\": [...]}"));
            }
            JsonNode params = request.path("params");
            if (!params.isMissingNode() && !params.isNull() && !params.isArray()) {
                return Mono.just(Reply.error(400, "params must be an array"));
            }
            return dispatch(request.get("method").asString(), params.isArray() ? params : JSON.createArrayNode())
                    .map(Reply::result);
        }).onErrorResume(BadCall.class, e -> Mono.just(Reply.error(400, String.valueOf(e.getMessage()))))
                .onErrorResume(ModerationState.Full.class, e -> Mono.just(Reply.error(409, String.valueOf(e.getMessage()))))
                .onErrorResume(IllegalArgumentException.class, e -> Mono.just(Reply.error(400, String.valueOf(e.getMessage()))))
                .onErrorResume(e -> Mono.just(Reply.error(503, "the store failed: " + e.getClass().getSimpleName())));
    }

    private Mono<Object> dispatch(String method, JsonNode params) {
        return switch (method) {
            case "supportedmethods" -> Mono.just(METHODS);
            case "banpubkey" -> add(Kind.BANNED_PUBKEYS, pubkey(params), reason(params));
            case "unbanpubkey" -> remove(Kind.BANNED_PUBKEYS, pubkey(params));
            case "listbannedpubkeys" -> list(Kind.BANNED_PUBKEYS);
            case "allowpubkey" -> add(Kind.ALLOWED_PUBKEYS, pubkey(params), reason(params));
            case "unallowpubkey" -> remove(Kind.ALLOWED_PUBKEYS, pubkey(params));
            case "listallowedpubkeys" -> list(Kind.ALLOWED_PUBKEYS);
            case "banevent" -> banEvent(hex(params, "event id"), reason(params));
            case "allowevent" -> remove(Kind.BANNED_EVENTS, hex(params, "event id"));
            case "listbannedevents" -> list(Kind.BANNED_EVENTS);
            case "listeventsneedingmoderation" -> Mono.just(List.of());
            case "changerelayname" -> info("name", text(params));
            case "changerelaydescription" -> info("description", text(params));
            case "changerelayicon" -> info("icon", text(params));
            case "allowkind" -> add(Kind.ALLOWED_KINDS, Integer.toString(kind(params)), "");
            case "disallowkind" -> remove(Kind.ALLOWED_KINDS, Integer.toString(kind(params)));
            case "listallowedkinds" -> Mono.just(state.list(Kind.ALLOWED_KINDS).keySet().stream()
                    .map(Integer::valueOf).sorted().toList());
            case "blockip" -> add(Kind.BLOCKED_IPS, ip(params), reason(params));
            case "unblockip" -> remove(Kind.BLOCKED_IPS, ip(params));
            case "listblockedips" -> list(Kind.BLOCKED_IPS);
            default -> Mono.error(new BadCall("unknown method '" + cut(method) + "'; see supportedmethods"));
        };
    }

    private Mono<Object> add(Kind kind, String key, String reason) {
        return state.add(kind, key, reason).thenReturn(true);
    }

    private Mono<Object> remove(Kind kind, String key) {
        return state.remove(kind, key).thenReturn(true);
    }

    /** Bans first (so a copy published meanwhile is refused), then deletes the stored event, if any. */
    private Mono<Object> banEvent(String id, String reason) {
        return state.add(Kind.BANNED_EVENTS, id, reason)
                .then(events.delete(Deletion.of(id).withoutTombstone()))
                .thenReturn(true);
    }

    private Mono<Object> info(String field, String value) {
        if (value.length() > KeyValueStore.MAX_VALUE_LENGTH || value.indexOf('\0') >= 0) {
            throw new BadCall(field + ": at most " + KeyValueStore.MAX_VALUE_LENGTH + " characters");
        }
        return state.setInfo(field, value).thenReturn(true);
    }

    private Mono<Object> list(Kind kind) {
        return Mono.fromSupplier(() -> {
            List<Map<String, String>> out = new ArrayList<>();
            new TreeMap<>(state.list(kind)).forEach((key, reason) -> {
                Map<String, String> item = new LinkedHashMap<>();
                item.put(kind.field, key);
                if (!reason.isEmpty()) {
                    item.put("reason", reason);
                }
                out.add(item);
            });
            return out;
        });
    }

    private static String pubkey(JsonNode params) {
        return hex(params, "pubkey");
    }

    private static String hex(JsonNode params, String what) {
        JsonNode first = params.path(0);
        if (!first.isString() || !HEX64.matcher(first.asString()).matches()) {
            throw new BadCall("params[0] must be a " + what + " (64 hex characters)");
        }
        return first.asString().toLowerCase(Locale.ROOT);
    }

    private static String reason(JsonNode params) {
        JsonNode second = params.path(1);
        if (second.isMissingNode() || second.isNull()) {
            return "";
        }
        if (!second.isString()) {
            throw new BadCall("params[1] (the reason) must be a string");
        }
        return second.asString();
    }

    private static String text(JsonNode params) {
        JsonNode first = params.path(0);
        if (!first.isString()) {
            throw new BadCall("params[0] must be a string");
        }
        return first.asString();
    }

    private static int kind(JsonNode params) {
        JsonNode first = params.path(0);
        if (!first.isIntegralNumber() || first.asLong() < 0 || first.asLong() > 65535) {
            throw new BadCall("params[0] must be a kind number (0-65535)");
        }
        return first.asInt();
    }

    /** An IP address literal (never a host name: no DNS lookup), in Java's canonical form. */
    static String ip(JsonNode params) {
        JsonNode first = params.path(0);
        if (!first.isString() || !IP.matcher(first.asString()).matches()) {
            throw new BadCall("params[0] must be an IPv4 or IPv6 address");
        }
        String text = first.asString();
        try {
            if (text.indexOf(':') >= 0) { // an IPv6 literal: parsed without a lookup, refused if malformed
                return InetAddress.getByName(text).getHostAddress();
            }
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                throw new UnknownHostException(text);
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = parts[i].isEmpty() || parts[i].length() > 3 ? 256 : Integer.parseInt(parts[i]);
                if (part > 255) {
                    throw new UnknownHostException(text);
                }
                bytes[i] = (byte) part;
            }
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new BadCall("params[0] must be an IPv4 or IPv6 address");
        }
    }

    private static String cut(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
