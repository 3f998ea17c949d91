package io.reactivestore.relay.server;

import io.reactivestore.relay.policy.Rejection;

import io.reactivestore.event.Event;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * NIP-42: challenges and the checks of a client's kind-22242 answer (kind, {@code created_at} within ten
 * minutes of now, {@code challenge} tag equal to the connection's challenge, {@code relay} tag naming this
 * relay's host and port). The signature is checked by the caller, off the event loop.
 */
final class Authentication {

    static final int KIND = 22242;
    private static final long WINDOW_SECONDS = 600;

    private volatile String relayHost = "";
    private volatile int relayPort = -1;
    private final Clock clock;
    /** Seeded once at construction (off the event loops): afterwards it reads no entropy file. */
    private final SecureRandom random;

    Authentication(Clock clock) {
        this.clock = clock;
        try {
            this.random = SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("DRBG is required by every Java 9+ platform", e);
        }
        this.random.nextBytes(new byte[16]);
    }

    /** Sets the URL clients use, e.g. {@code ws://127.0.0.1:7777/}, once the relay is bound. */
    void relayUrl(String relayUrl) {
        URI uri = URI.create(relayUrl);
        relayHost = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        relayPort = port(uri);
    }

    /** A fresh random challenge. */
    String newChallenge() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The reason {@code event} does not authenticate against {@code challenge}, or {@code null} if it does. */
    @Nullable Rejection check(Event event, String challenge) {
        if (event.kind() != KIND) {
            return Rejection.invalid("an AUTH event must be of kind " + KIND);
        }
        long now = clock.millis() / 1000;
        if (Math.abs(now - event.createdAt()) > WINDOW_SECONDS) {
            return Rejection.invalid("created_at of an AUTH event must be within ten minutes of now");
        }
        if (!challenge.equals(event.firstTagValue("challenge"))) {
            return Rejection.invalid("the challenge tag does not match this connection's challenge");
        }
        String relay = event.firstTagValue("relay");
        if (relay == null || !namesThisRelay(relay)) {
            return Rejection.invalid("the relay tag does not name this relay");
        }
        return null;
    }

    private boolean namesThisRelay(String url) {
        try {
            URI uri = URI.create(url.trim());
            String host = uri.getHost();
            return host != null && host.toLowerCase(Locale.ROOT).equals(relayHost) && port(uri) == relayPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "wss".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
