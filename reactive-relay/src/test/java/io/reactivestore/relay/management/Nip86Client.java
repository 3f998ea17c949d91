package io.reactivestore.relay.management;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A NIP-86 caller over loopback HTTP (java.net.http on the test thread), with NIP-98 headers it can spoil. */
final class Nip86Client {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private final String url;
    private final KeyPair admin;

    /** The status and parsed body of an answer. */
    record Answer(int status, JsonNode body) {
        JsonNode result() {
            return body.get("result");
        }

        String error() {
            JsonNode error = body.get("error");
            return error == null || error.isNull() ? null : error.asString();
        }
    }

    Nip86Client(String httpUrl, KeyPair admin) {
        this.url = httpUrl;
        this.admin = admin;
    }

    /** {@return the body of a call} */
    static String body(String method, Object... params) {
        return JSON.writeValueAsString(java.util.Map.of("method", method, "params", List.of(params)));
    }

    /** The NIP-98 event an honest client signs for {@code body}, spoiled by {@code change}. */
    Event authEvent(String body, UnaryOperator<UnsignedEvent> change) {
        UnsignedEvent unsigned = UnsignedEvent.of(27235, "")
                .withCreatedAt(Instant.now().getEpochSecond())
                .withTag("u", url)
                .withTag("method", "POST")
                .withTag("payload", HttpAuth.sha256(body));
        return admin.sign(change.apply(unsigned));
    }

    static String header(Event auth) {
        return "Nostr " + Base64.getEncoder().encodeToString(auth.toJson().getBytes(StandardCharsets.UTF_8));
    }

    Answer call(String method, Object... params) {
        String body = body(method, params);
        return post(body, header(authEvent(body, e -> e)));
    }

    Answer post(String body, String authorization) {
        return post(body, authorization, RelayManagement.MEDIA_TYPE);
    }

    Answer post(String body, String authorization, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), parsed);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@return the relay's NIP-11 document} */
    JsonNode information() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                    .header("Accept", "application/nostr+json").GET().build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@return the tags of {@code unsigned} without those named {@code name}} */
    static List<List<String>> without(UnsignedEvent unsigned, String name) {
        List<List<String>> tags = new ArrayList<>();
        for (List<String> tag : unsigned.tags()) {
            if (!tag.get(0).equals(name)) {
                tags.add(tag);
            }
        }
        return tags;
    }
}
