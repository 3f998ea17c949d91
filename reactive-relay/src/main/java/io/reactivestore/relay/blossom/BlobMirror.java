package io.reactivestore.relay.blossom;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import io.reactivestore.blob.BlobHashMismatchException;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

/**
 * BUD-04 fetching: GETs a blob from an http(s) URL with reactor-netty's client and streams the body into
 * {@link BlobStore#put} (hashed as it arrives, committed only when complete and, given an expected hash,
 * matching it). Bounded in size (each piece is checked before it is written, and {@code Content-Length}
 * before anything is), in time ({@link BlossomOptions#mirrorTimeout()} for the whole fetch, redirects
 * included: on expiry the fetch and the put are cancelled, nothing is stored) and in redirects
 * ({@link BlossomOptions#mirrorMaxRedirects()}, each to http or https only). Unless
 * {@link BlossomOptions#mirrorPrivateAddresses()} allows it, a connection whose peer is a loopback,
 * link-local, site-local or wildcard address is closed before the request is written (checked on the
 * connected socket, so DNS answers cannot sidestep it). Each fetch opens its own connection (no pool).
 * Memory: the socket is read only as fast as the store writes, so at most the store's window is held.
 */
final class BlobMirror {

    /** What a fetch stored: the put, the byte count and the origin's type ({@code null} when it gave none). */
    record Fetched(PutResult put, long size, @Nullable String originType, byte[] head) {
    }

    private final BlobStore blobs;
    private final BlossomOptions options;
    private final HttpClient http;

    BlobMirror(BlobStore blobs, BlossomOptions options) {
        this.blobs = blobs;
        this.options = options;
        this.http = HttpClient.newConnection()
                .followRedirect(false)
                .responseTimeout(options.mirrorTimeout());
    }

    /**
     * Fetches {@code url} into the store.
     *
     * @param url an http or https URL (else 400)
     * @param expected the hash the blob must have, or {@code null}
     * @param sizeCheck called with each running byte count (and the announced length); throws to refuse
     * @return the stored blob; errors with {@link BlossomException} (400 bad URL, 403 private address,
     *     409 hash mismatch, 413/429 from {@code sizeCheck}, 502 origin failure, timeout or bad redirect)
     */
    Mono<Fetched> fetch(URI url, @Nullable Ref expected, LongConsumer sizeCheck) {
        if (!httpScheme(url)) {
            return Mono.error(new BlossomException(400, "url must be an absolute http or https URL"));
        }
        AtomicBoolean privatePeer = new AtomicBoolean();
        HttpClient client = options.mirrorPrivateAddresses() ? http : http.doOnConnected(connection -> {
            if (connection.channel().remoteAddress() instanceof InetSocketAddress peer && isPrivate(peer.getAddress())) {
                privatePeer.set(true);
                connection.channel().close();
            }
        });
        return fetch(client, url, expected, sizeCheck, options.mirrorMaxRedirects())
                .timeout(options.mirrorTimeout())
                .onErrorMap(error -> !(error instanceof BlossomException), error -> {
                    if (privatePeer.get()) {
                        return new BlossomException(403, "mirror URLs may not point at private addresses");
                    }
                    if (error instanceof BlobHashMismatchException m) {
                        return new BlossomException(409,
                                "the mirrored blob hashes to " + m.actual() + ", not to the authorized x tag");
                    }
                    if (error instanceof TimeoutException || error instanceof ReadTimeoutException) {
                        return new BlossomException(502, "the origin did not deliver within " + options.mirrorTimeout());
                    }
                    if (error instanceof io.reactivestore.store.StoreUnavailableException) {
                        return error;
                    }
                    return new BlossomException(502, "could not fetch from the origin: " + error.getClass().getSimpleName());
                });
    }

    private Mono<Fetched> fetch(HttpClient client, URI url, @Nullable Ref expected, LongConsumer sizeCheck, int redirectsLeft) {
        return client.get().uri(url.toString())
                .response((response, content) -> Mono.defer(() -> {
                    int code = response.status().code();
                    if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
                        return Mono.just((Object) redirect(url, response, redirectsLeft));
                    }
                    if (code != 200) {
                        return Mono.error(new BlossomException(502, "the origin answered " + code));
                    }
                    long announced = announcedLength(response);
                    if (announced >= 0) {
                        sizeCheck.accept(announced);
                    }
                    AtomicLong received = new AtomicLong();
                    byte[] head = new byte[MediaTypes.SNIFF_BYTES];
                    Flux<ByteBuffer> body = content.asByteArray().map(bytes -> {
                        long before = received.getAndAdd(bytes.length);
                        sizeCheck.accept(before + bytes.length);
                        if (before < head.length) {
                            System.arraycopy(bytes, 0, head, (int) before,
                                    (int) Math.min(bytes.length, head.length - before));
                        }
                        return ByteBuffer.wrap(bytes);
                    });
                    String type = MediaTypes.normalize(response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE));
                    return blobs.put(body, expected).map(put -> (Object) new Fetched(put, received.get(),
                            MediaTypes.OCTET_STREAM.equals(type) ? null : type, head));
                }))
                .next()
                .switchIfEmpty(Mono.error(() -> new BlossomException(502, "the origin sent no answer")))
                .flatMap(result -> result instanceof URI next
                        ? fetch(client, next, expected, sizeCheck, redirectsLeft - 1)
                        : Mono.just((Fetched) result));
    }

    /** Where a redirect leads; a refusal if it is one too many, has no Location, or is not http(s). */
    private URI redirect(URI from, HttpClientResponse response, int redirectsLeft) {
        if (redirectsLeft <= 0) {
            throw new BlossomException(502, "more than " + options.mirrorMaxRedirects() + " redirects");
        }
        String location = response.responseHeaders().get(HttpHeaderNames.LOCATION);
        if (location == null) {
            throw new BlossomException(502, "a redirect without Location");
        }
        URI next;
        try {
            next = from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new BlossomException(502, "a redirect to a malformed URL");
        }
        if (!httpScheme(next)) {
            throw new BlossomException(502, "a redirect to a non-HTTP(S) URL was refused");
        }
        return next;
    }

    private static long announcedLength(HttpClientResponse response) {
        String value = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BlossomException(502, "the origin sent a malformed Content-Length");
        }
    }

    static boolean httpScheme(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null;
    }

    static boolean isPrivate(InetAddress address) {
        if (address == null) {
            return true;
        }
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        // IPv6 unique local addresses (fc00::/7) are private too; Java does not count them as site-local
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC;
    }
}
