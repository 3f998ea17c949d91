package io.reactivestore.relay.management;

import io.reactivestore.event.Event;
import io.reactivestore.event.NostrJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * NIP-98 HTTP authorization as NIP-86 requires it: a kind 27235 event, base64 in {@code Authorization: Nostr
 * <token>}, whose {@code created_at} is within {@link #WINDOW_SECONDS} of now, whose {@code u} tag names this
 * relay, whose {@code method} tag is the request's, whose {@code payload} tag (required here) is the SHA-256
 * of the body, with a valid id and signature, by an admin pubkey, never seen before.
 *
 * <p><b>Replays.</b> The ids of accepted events are remembered until they leave the window (an older copy is
 * refused by the window anyway); at most {@link #MAX_REMEMBERED} at once (100 bytes each): when that many
 * requests arrived within two minutes, further ones are refused until the oldest expire. Thread-safe.
 */
final class HttpAuth {

    static final int KIND = 27235;
    static final long WINDOW_SECONDS = 60;
    static final int MAX_REMEMBERED = 10_000;

    private final Set<String> admins;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    HttpAuth(Set<String> admins) {
        this.admins = Set.copyOf(admins);
    }

    /** A refused authorization: the reason goes back to the caller in the 401 body. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Checks {@code header} for a request; CPU work of about 50 µs (a signature check) for a plausible one.
     *
     * @param header     the Authorization header, or {@code null}
     * @param method     the request's method
     * @param acceptedUrls the {@code u} values that name this relay (normalised by {@link #normalise})
     * @param body       the request body
     * @param now        the current unix time, seconds
     * @return the admin's pubkey
     * @throws Refused naming the first check that failed
     */
    String check(String header, String method, Set<String> acceptedUrls, byte[] body, long now) {
        if (header == null || header.isBlank()) {
            throw new Refused("missing Authorization header (NIP-98)");
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "Nostr ", 0, 6)) {
            throw new Refused("Authorization scheme must be Nostr");
        }
        Event event = parse(value.substring(6).trim());
        if (event.kind() != KIND) {
            throw new Refused("Authorization event must be kind " + KIND);
        }
        if (Math.abs(now - event.createdAt()) > WINDOW_SECONDS) {
            throw new Refused("Authorization event created_at is more than " + WINDOW_SECONDS + " s from now");
        }
        String u = event.firstTagValue("u");
        if (u == null || !acceptedUrls.contains(normalise(u))) {
            throw new Refused("Authorization event u tag must be this relay's URL");
        }
        String signedMethod = event.firstTagValue("method");
        if (signedMethod == null || !signedMethod.equalsIgnoreCase(method)) {
            throw new Refused("Authorization event method tag must be " + method);
        }
        String payload = event.firstTagValue("payload");
        if (payload == null || !payload.equalsIgnoreCase(sha256(body))) {
            throw new Refused("Authorization event payload tag must be the SHA-256 of the body");
        }
        if (!event.hasValidId() || !event.hasValidSignature()) {
            throw new Refused("Authorization event has a bad id or signature");
        }
        if (!admins.contains(event.pubkey())) {
            throw new Refused("pubkey " + event.pubkey() + " is not an admin of this relay");
        }
        remember(event.id(), event.createdAt() + WINDOW_SECONDS, now);
        return event.pubkey();
    }

    private void remember(String id, long expires, long now) {
        if (seen.size() >= MAX_REMEMBERED) {
            for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
                if (it.next() < now) {
                    it.remove();
                }
            }
            if (seen.size() >= MAX_REMEMBERED) {
                throw new Refused("too many management requests within " + 2 * WINDOW_SECONDS + " s; try later");
            }
        }
        if (seen.putIfAbsent(id, expires) != null) {
            throw new Refused("Authorization event was used before (replay)");
        }
    }

    private static Event parse(String token) {
        byte[] json;
        try {
            json = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            try {
                json = Base64.getUrlDecoder().decode(token);
            } catch (IllegalArgumentException again) {
                throw new Refused("Authorization token is not base64");
            }
        }
        try {
            return NostrJson.parseEvent(json);
        } catch (RuntimeException e) {
            throw new Refused("Authorization token is not a Nostr event");
        }
    }

    /**
     * A URL in the form compared: WebSocket schemes as their HTTP twins ({@code ws} as {@code http}, {@code wss}
     * as {@code https}), scheme and host in lowercase, an empty path as {@code /}.
     *
     * @param url a URL
     * @return its normal form
     */
    static String normalise(String url) {
        String u = url.trim();
        int schemeEnd = u.indexOf("://");
        if (schemeEnd < 0) {
            return u;
        }
        String scheme = u.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
        scheme = switch (scheme) {
            case "ws" -> "http";
            case "wss" -> "https";
            default -> scheme;
        };
        String rest = u.substring(schemeEnd + 3);
        int slash = rest.indexOf('/');
        String host = (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(java.util.Locale.ROOT);
        String path = slash < 0 ? "/" : rest.substring(slash);
        return scheme + "://" + host + path;
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For tests: the body's hash as NIP-98 clients write it. */
    static String sha256(String body) {
        return sha256(body.getBytes(StandardCharsets.UTF_8));
    }
}
