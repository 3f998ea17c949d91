package io.reactivestore.relay.blossom;

import io.reactivestore.event.Event;
import io.reactivestore.event.NostrJson;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * BUD-11 authorization: decodes {@code Authorization: Nostr <base64url event>} and checks the event
 * (id and signature, kind 24242, {@code created_at} in the past, an {@code expiration} in the future,
 * the {@code t} verb, {@code server} and {@code x} tags). Every failure is a 401 with its reason.
 * Runs on the caller's thread (about 50 µs of CPU for the signature).
 */
final class BlossomAuth {

    static final int KIND = 24242;

    private BlossomAuth() {
    }

    /**
     * The verified token of {@code header}.
     *
     * @param header the Authorization header value, or {@code null}
     * @param verb the {@code t} verb the endpoint needs
     * @param hash the blob hash the endpoint implies, or {@code null}
     * @param xRequired whether an {@code x} tag must match {@code hash}
     * @param server this server's domain name (lowercase, no port), or {@code null} to skip the check
     * @param now the current unix time in seconds
     * @return the event
     * @throws BlossomException 401 naming the failed check
     */
    static Event check(@Nullable String header, String verb, @Nullable String hash, boolean xRequired,
                       @Nullable String server, long now) {
        if (header == null || header.isBlank()) {
            throw BlossomException.unauthorized("missing Authorization header");
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "Nostr ", 0, 6)) {
            throw BlossomException.unauthorized("Authorization scheme must be Nostr");
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(value.substring(6).trim());
        } catch (IllegalArgumentException e) {
            throw BlossomException.unauthorized("Authorization token is not base64url");
        }
        Event event;
        try {
            event = NostrJson.parseEvent(json);
        } catch (RuntimeException e) {
            throw BlossomException.unauthorized("Authorization token is not a Nostr event: " + e.getMessage());
        }
        if (!event.hasValidId() || !event.hasValidSignature()) {
            throw BlossomException.unauthorized("Authorization event has a bad id or signature");
        }
        if (event.kind() != KIND) {
            throw BlossomException.unauthorized("Authorization event must be kind " + KIND);
        }
        if (event.createdAt() > now) {
            throw BlossomException.unauthorized("Authorization event created_at is in the future");
        }
        String expiration = event.firstTagValue("expiration");
        long expires;
        try {
            expires = expiration == null ? -1 : Long.parseLong(expiration);
        } catch (NumberFormatException e) {
            expires = -1;
        }
        if (expiration == null) {
            throw BlossomException.unauthorized("Authorization event has no expiration tag");
        }
        if (expires <= now) {
            throw BlossomException.unauthorized("Authorization event has expired");
        }
        if (!event.hasTag("t", verb)) {
            throw BlossomException.unauthorized("Authorization event t tag must be " + verb);
        }
        if (server != null && event.firstTagValue("server") != null && !event.hasTag("server", server)) {
            throw BlossomException.unauthorized("Authorization event is for another server");
        }
        if (xRequired) {
            if (hash == null) {
                throw BlossomException.unauthorized("an x tag must match the blob's hash (send X-SHA-256)");
            }
            if (!event.hasTag("x", hash)) {
                throw BlossomException.unauthorized("Authorization event has no x tag for " + hash);
            }
        }
        return event;
    }
}
