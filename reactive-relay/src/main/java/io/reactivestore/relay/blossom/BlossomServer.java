package io.reactivestore.relay.blossom;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.reactivestore.blob.BlobHashMismatchException;
import io.reactivestore.blob.BlobNotFoundException;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import io.reactivestore.event.Event;
import io.reactivestore.event.LowerHex;
import io.reactivestore.relay.server.HttpRoutes;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.StoreUnavailableException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Blossom media server over a {@link BlobStore}: BUD-01 ({@code GET}/{@code HEAD /<sha256>[.ext]} with
 * {@code Range}), BUD-02 ({@code PUT /upload}, blob descriptors), BUD-06 ({@code HEAD /upload}), BUD-11
 * (kind 24242 tokens), BUD-04 ({@code PUT /mirror}, bounded as {@link BlossomOptions#mirrorTimeout()} says)
 * and BUD-12 ({@code GET /list/<pubkey>}, {@code DELETE /<sha256>}). Plug it into the
 * relay with {@link RelayOptions.Builder#httpRoutes} (the WebSocket on {@code /} is unchanged), or
 * serve it alone with {@link #bind}.
 *
 * <p><b>Streaming.</b> An upload streams the request body into {@link BlobStore#put(Publisher, Ref)}
 * (with the {@code X-SHA-256} header as the expected hash), so the body is hashed and written as it
 * arrives and the socket is read only as fast as the store writes; a download streams
 * {@link BlobStore#read(Ref, long, long)} to the socket as it drains, or, when the store keeps the blob in a
 * local file ({@link BlobStore#localFile(Ref)}: the file store), sends that file with {@code sendfile} (a
 * Netty {@code FileRegion}, ranges included), so its bytes never pass through the heap. Neither holds a
 * blob in memory. A client that disconnects mid-upload cancels the put: nothing is stored. The socket's
 * pieces are retained and gathered into batches of 256 KiB ({@code BodyPieces}: one write, hash update and
 * thread hop per batch) and handed to {@link BlobStore#putBorrowed}, which writes Netty's direct buffers
 * to the file as they are and releases them once written.
 *
 * <p><b>Answers.</b> Every response carries {@code Access-Control-Allow-Origin: *}; {@code OPTIONS}
 * answers preflights. Every refusal has the status the BUDs give and an {@code X-Reason}: 400 malformed,
 * 401 any BUD-11 failure, 403 a pubkey not allowed, 404 unknown blob or not an owner, 409 body not
 * matching {@code X-SHA-256}, 411 no {@code X-Content-Length} on {@code HEAD /upload}, 413 too large,
 * 415 MIME type not allowed, 416 range not satisfiable, 429 quota exceeded, 502 a mirror's origin failed
 * (error status, timeout, too many redirects, a redirect to a non-HTTP(S) URL), 503 storage unavailable.
 * Uploads answer 201 when the blob is new to storage, 200 when it was there already.
 *
 * <p><b>Ownership.</b> An upload records its token's pubkey as an owner in {@link BlobOwners} (durably,
 * after the blob is durable and before the answer); a delete removes the caller's ownership and the
 * blob itself only when no owner remains. Deletes and the ownership step of uploads of one blob run one
 * at a time. The content type is the uploader's {@code Content-Type}, or else guessed from the first
 * bytes; the first owner's type is served.
 *
 * <p><b>Threading.</b> Requests are parsed and tokens verified (about 50 µs for the signature) on the
 * connection's event loop; storage works on its own threads.
 */
public final class BlossomServer implements HttpRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(BlossomServer.class);
    private static final Pattern BLOB_PATH = Pattern.compile("/([0-9a-f]{64})(\\.[A-Za-z0-9]{1,10})?");
    private static final Pattern LIST_PATH = Pattern.compile("/list/([^/]*)");
    private static final String X_REASON = "X-Reason";
    private static final String X_SHA_256 = "X-SHA-256";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The largest {@code PUT /mirror} request body read (a JSON object with a URL). */
    private static final int MIRROR_BODY_BYTES = 16 * 1024;
    /** How long {@link #bind} keeps an idle kept-alive connection open, in seconds. */
    private static final int IDLE_SECONDS = 60;

    private final BlobStore blobs;
    private final BlobOwners owners;
    private final BlossomOptions options;
    private final RefLocks locks = new RefLocks();
    private final BlobMirror mirror;

    private BlossomServer(BlobStore blobs, BlobOwners owners, BlossomOptions options) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.owners = Objects.requireNonNull(owners, "owners");
        this.options = Objects.requireNonNull(options, "options");
        this.mirror = new BlobMirror(blobs, options);
    }

    /**
     * A server over {@code blobs}, recording ownership in {@code owners}. Every blob in {@code blobs} is
     * served, so give it a store of its own.
     *
     * @param blobs the blob store (a replica answers uploads once its synchronous members have the blob)
     * @param owners who owns what
     * @param options policy
     * @return the server
     */
    public static BlossomServer create(BlobStore blobs, BlobOwners owners, BlossomOptions options) {
        return new BlossomServer(blobs, owners, options);
    }

    /**
     * Serves this server alone on {@code host:port} (0 for any free port) with reactor-netty. A kept-alive
     * connection waiting for its next request is closed after 60 s, like the relay's
     * default {@link RelayOptions#httpIdleTimeout()}.
     *
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @return the bound server, to be disposed by the caller
     */
    public Mono<? extends DisposableServer> bind(String host, int port) {
        return HttpServer.create().host(host).port(port).idleTimeout(Duration.ofSeconds(IDLE_SECONDS))
                .handle((request, response) -> handles(request) ? handle(request, response)
                        : cors(response).status(404).header(X_REASON, "not found").send())
                .bind();
    }

    @Override
    public boolean handles(HttpServerRequest request) {
        String path = path(request);
        return path.equals("/upload") || path.equals("/mirror") || BLOB_PATH.matcher(path).matches()
                || LIST_PATH.matcher(path).matches();
    }

    @Override
    public Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        cors(response);
        return Mono.defer(() -> route(request, response))
                .onErrorResume(error -> refuse(request, response, error));
    }

    private Mono<Void> route(HttpServerRequest request, HttpServerResponse response) {
        HttpMethod method = request.method();
        if (method == HttpMethod.OPTIONS) {
            return response.status(HttpResponseStatus.NO_CONTENT)
                    .header("Access-Control-Allow-Headers", "Authorization, *")
                    .header("Access-Control-Allow-Methods", "GET, HEAD, PUT, DELETE")
                    .header("Access-Control-Max-Age", "86400")
                    .send().then();
        }
        String path = path(request);
        if (path.equals("/upload")) {
            if (method == HttpMethod.PUT) {
                return upload(request, response);
            }
            if (method == HttpMethod.HEAD) {
                return uploadRequirements(request, response);
            }
            return Mono.error(new BlossomException(405, "use PUT or HEAD on /upload"));
        }
        if (path.equals("/mirror")) {
            if (method != HttpMethod.PUT) {
                return Mono.error(new BlossomException(405, "use PUT on /mirror"));
            }
            return mirror(request, response);
        }
        Matcher list = LIST_PATH.matcher(path);
        if (list.matches()) {
            if (method != HttpMethod.GET) {
                return Mono.error(new BlossomException(405, "use GET on /list"));
            }
            return list(request, response, list.group(1));
        }
        Matcher blob = BLOB_PATH.matcher(path);
        if (!blob.matches()) {
            return Mono.error(new BlossomException(404, "not found"));
        }
        Ref ref = Ref.parse(blob.group(1));
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            return retrieve(request, response, ref, method == HttpMethod.HEAD);
        }
        if (method == HttpMethod.DELETE) {
            return delete(request, response, ref);
        }
        return Mono.error(new BlossomException(405, "use GET, HEAD or DELETE on a blob"));
    }

    // ---------------------------------------------------------------- BUD-01

    private Mono<Void> retrieve(HttpServerRequest request, HttpServerResponse response, Ref ref, boolean head) {
        if (options.authForGet()) {
            authorize(request, "get", ref.hex(), false);
        }
        // a store with local files: the kernel sends the file (sendfile, no copy through the heap)
        return blobs.localFile(ref).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(file -> {
            if (file.isPresent()) {
                Path path = file.get().path();
                return answer(request, response, ref, head, file.get().size(), (offset, length) ->
                        response.sendFile(path, offset, length).then()
                                .onErrorMap(NoSuchFileException.class, e -> new BlobNotFoundException(ref)));
            }
            return blobs.size(ref).flatMap(size -> answer(request, response, ref, head, size, (offset, length) ->
                    response.send(blobs.read(ref, offset, length).map(Unpooled::wrappedBuffer)).then()));
        });
    }

    /** The bytes {@code [offset, offset + length)} of a blob sent as the body of a response whose headers are set. */
    @FunctionalInterface
    private interface Body {
        Mono<Void> send(long offset, long length);
    }

    /** Answers a GET or HEAD of a blob of {@code size} bytes: headers, {@code Range}, then {@code body}. */
    private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response, Ref ref, boolean head, long size,
            Body body) {
        String type = owners.type(ref);
        response.header(HttpHeaderNames.CONTENT_TYPE, type == null ? MediaTypes.OCTET_STREAM : type)
                .header(HttpHeaderNames.ACCEPT_RANGES, "bytes")
                .header(HttpHeaderNames.ETAG, "\"" + ref.hex() + "\"")
                .header(HttpHeaderNames.CACHE_CONTROL, "public, max-age=31536000, immutable");
        ByteRange range = head ? null : ByteRange.parse(request.requestHeaders().get(HttpHeaderNames.RANGE), size);
        long offset = 0;
        long length = size;
        if (range == ByteRange.UNSATISFIABLE) {
            response.header(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
            return Mono.error(new BlossomException(416, "range not satisfiable for " + size + " bytes"));
        }
        if (range != null) {
            offset = range.start();
            length = range.length();
            response.status(HttpResponseStatus.PARTIAL_CONTENT)
                    .header(HttpHeaderNames.CONTENT_RANGE, "bytes " + range.start() + "-" + range.end() + "/" + size);
        }
        response.header(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length));
        if (head || length == 0) {
            return response.send().then();
        }
        return body.send(offset, length);
    }

    // ---------------------------------------------------------------- BUD-02, BUD-06

    private Mono<Void> upload(HttpServerRequest request, HttpServerResponse response) {
        long now = now();
        String declaredHash = hashHeader(request, X_SHA_256);
        Ref expected = declaredHash == null ? null : Ref.parse(declaredHash);
        Event token = authorize(request, "upload", declaredHash, declaredHash != null);
        String pubkey = token.pubkey();
        checkPubkey(pubkey);
        String lengthHeader = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        long declaredLength = lengthHeader == null ? -1 : parseLength(lengthHeader, "Content-Length");
        long used = owners.usedBytes(pubkey);
        if (declaredLength >= 0) {
            checkSize(declaredLength, used);
        }
        String declaredType = MediaTypes.normalize(request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE));
        if (declaredType != null && declaredType.equals(MediaTypes.OCTET_STREAM)) {
            declaredType = null; // says nothing: guess from the bytes
        }
        checkType(declaredType);
        AtomicLong received = new AtomicLong();
        byte[] head = new byte[MediaTypes.SNIFF_BYTES];
        // checked and sniffed while reactor-netty still holds each piece; a refusal errors before it is retained
        Flux<ByteBuf> pieces = request.receive().doOnNext(piece -> {
            int n = piece.readableBytes();
            long before = received.getAndAdd(n);
            if (before < head.length) {
                piece.getBytes(piece.readerIndex(), head, (int) before, (int) Math.min(n, head.length - before));
            }
            checkSize(before + n, used);
        });
        String given = declaredType;
        return blobs.putBorrowed(BodyPieces.gather(pieces, BodyPieces.SIZE), expected)
                .onErrorMap(BlobHashMismatchException.class,
                        e -> new BlossomException(409, "X-SHA-256 does not match the body (it hashes to " + e.actual() + ")"))
                .flatMap(put -> {
                    long size = received.get();
                    String type = given != null ? given
                            : MediaTypes.sniff(head, (int) Math.min(size, head.length));
                    BlossomException late = declaredHash == null && !token.hasTag("x", put.ref().hex())
                            ? BlossomException.unauthorized("Authorization event has no x tag for " + put.ref())
                            : allowedType(type) ? null : new BlossomException(415, "type " + type + " is not accepted");
                    if (late != null) {
                        return discardIfUnowned(put).then(Mono.error(late));
                    }
                    return own(request, response, pubkey, put, size, type, now);
                });
    }

    /**
     * Records {@code pubkey} as an owner of a blob just stored and answers with its descriptor: 201 if the
     * put added it to storage, 200 if it was there already.
     */
    private Mono<Void> own(HttpServerRequest request, HttpServerResponse response, String pubkey, PutResult put,
            long size, String type, long now) {
        BlobOwners.Owned owned = new BlobOwners.Owned(put.ref(), size, type, now);
        return locks.with(put.ref(), owners.add(pubkey, owned)
                        .then(blobs.size(put.ref())
                                .onErrorMap(BlobNotFoundException.class, e -> new BlossomException(503,
                                        "the blob was deleted while it was stored: try again"))))
                .then(Mono.defer(() -> sendJson(response,
                        put.added() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
                        descriptor(request, owners.type(put.ref()) == null ? type : owners.type(put.ref()), owned))));
    }

    /** A blob stored by a refused upload goes again, unless somebody owns it. */
    private Mono<Void> discardIfUnowned(PutResult put) {
        if (!put.added()) {
            return Mono.empty();
        }
        return locks.with(put.ref(), Mono.defer(() -> owners.hasOwners(put.ref()) ? Mono.empty()
                : blobs.delete(put.ref()).then()));
    }

    private Mono<Void> uploadRequirements(HttpServerRequest request, HttpServerResponse response) {
        String declaredHash = hashHeader(request, X_SHA_256);
        if (declaredHash == null) {
            throw new BlossomException(400, "X-SHA-256 header missing");
        }
        Event token = authorize(request, "upload", declaredHash, true);
        checkPubkey(token.pubkey());
        String length = request.requestHeaders().get("X-Content-Length");
        if (length == null) {
            throw new BlossomException(411, "X-Content-Length header missing");
        }
        checkSize(parseLength(length, "X-Content-Length"), owners.usedBytes(token.pubkey()));
        String typeHeader = request.requestHeaders().get("X-Content-Type");
        String type = MediaTypes.normalize(typeHeader);
        if (typeHeader != null && type == null) {
            throw new BlossomException(400, "X-Content-Type is malformed");
        }
        checkType(type);
        return response.status(HttpResponseStatus.OK).send().then();
    }

    // ---------------------------------------------------------------- BUD-04

    private Mono<Void> mirror(HttpServerRequest request, HttpServerResponse response) {
        long now = now();
        Event token = authorize(request, "upload", null, false);
        String pubkey = token.pubkey();
        checkPubkey(pubkey);
        List<String> xs = token.tags().stream()
                .filter(tag -> tag.size() >= 2 && tag.get(0).equals("x")).map(tag -> tag.get(1)).toList();
        if (xs.isEmpty()) {
            throw BlossomException.unauthorized("Authorization event needs an x tag naming the mirrored blob");
        }
        // one x: the store refuses any other bytes before committing; several: checked once stored
        Ref expected = xs.size() == 1 && LowerHex.is(xs.get(0), 64) ? Ref.parse(xs.get(0)) : null;
        long used = owners.usedBytes(pubkey);
        return smallBody(request, MIRROR_BODY_BYTES)
                .map(BlossomServer::mirrorUrl)
                .flatMap(url -> mirror.fetch(url, expected, n -> checkSize(n, used)))
                .flatMap(fetched -> {
                    PutResult put = fetched.put();
                    String type = fetched.originType() != null ? fetched.originType()
                            : MediaTypes.sniff(fetched.head(), (int) Math.min(fetched.size(), fetched.head().length));
                    BlossomException late = !token.hasTag("x", put.ref().hex())
                            ? new BlossomException(409, "the mirrored blob " + put.ref() + " is not an authorized x")
                            : allowedType(type) ? null : new BlossomException(415, "type " + type + " is not accepted");
                    if (late != null) {
                        return discardIfUnowned(put).then(Mono.error(late));
                    }
                    return own(request, response, pubkey, put, fetched.size(), type, now);
                });
    }

    /** The request body, whole, refusing (413) one longer than {@code limit} bytes. */
    private static Mono<byte[]> smallBody(HttpServerRequest request, int limit) {
        return request.receive().asByteArray()
                .reduce(new byte[0], (sum, more) -> {
                    if (sum.length + more.length > limit) {
                        throw new BlossomException(413, "request body longer than " + limit + " bytes");
                    }
                    byte[] all = java.util.Arrays.copyOf(sum, sum.length + more.length);
                    System.arraycopy(more, 0, all, sum.length, more.length);
                    return all;
                });
    }

    /** The {@code url} of a BUD-04 request body; 400 if the body is not such a JSON object. */
    private static URI mirrorUrl(byte[] body) {
        String url;
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode value = node == null ? null : node.get("url");
            url = value == null || !value.isString() ? null : value.asString();
        } catch (JacksonException e) {
            url = null;
        }
        if (url == null) {
            throw new BlossomException(400, "the body must be a JSON object with a url string");
        }
        try {
            URI uri = new URI(url);
            if (BlobMirror.httpScheme(uri)) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // below
        }
        throw new BlossomException(400, "url must be an absolute http or https URL");
    }

    // ---------------------------------------------------------------- BUD-12

    private Mono<Void> list(HttpServerRequest request, HttpServerResponse response, String pubkey) {
        if (!LowerHex.is(pubkey, 64)) {
            throw new BlossomException(400, "pubkey must be 64 lowercase hex digits");
        }
        if (options.authForList()) {
            authorize(request, "list", null, false);
        }
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        long since = queryLong(query, "since", 0);
        long until = queryLong(query, "until", Long.MAX_VALUE);
        long limit = queryLong(query, "limit", Long.MAX_VALUE);
        String cursorText = queryValue(query, "cursor");
        if (cursorText != null && !LowerHex.is(cursorText, 64)) {
            throw new BlossomException(400, "cursor must be a sha256");
        }
        Ref cursor = cursorText == null ? null : Ref.parse(cursorText);
        Flux<String> items = owners.list(pubkey, since, until, cursor, limit)
                .index()
                .map(item -> (item.getT1() == 0 ? "" : ",")
                        + descriptor(request, owners.type(item.getT2().ref()) == null ? item.getT2().type()
                                : item.getT2().type(), item.getT2()));
        response.header(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return response.sendString(Flux.concat(Mono.just("["), items, Mono.just("]")), StandardCharsets.UTF_8).then();
    }

    private Mono<Void> delete(HttpServerRequest request, HttpServerResponse response, Ref ref) {
        Event token = authorize(request, "delete", ref.hex(), true);
        return locks.with(ref, owners.remove(token.pubkey(), ref).flatMap(removed -> {
                    if (!removed) {
                        return Mono.error(new BlossomException(404, "no blob " + ref + " owned by " + token.pubkey()));
                    }
                    return owners.hasOwners(ref) ? Mono.empty() : blobs.delete(ref).then();
                }))
                .then(Mono.defer(() -> response.status(HttpResponseStatus.NO_CONTENT).send().then()));
    }

    // ---------------------------------------------------------------- helpers

    private Event authorize(HttpServerRequest request, String verb, @Nullable String hash, boolean xRequired) {
        return BlossomAuth.check(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION), verb, hash, xRequired,
                serverName(request), now());
    }

    private void checkPubkey(String pubkey) {
        if (options.allowedPubkeys() != null && !options.allowedPubkeys().contains(pubkey)) {
            throw new BlossomException(403, "pubkey " + pubkey + " may not upload here");
        }
    }

    private void checkSize(long size, long usedBefore) {
        if (size > options.maxBlobBytes()) {
            throw new BlossomException(413, "blob too large: at most " + options.maxBlobBytes() + " bytes");
        }
        if (options.quotaBytesPerPubkey() != Long.MAX_VALUE && usedBefore + size > options.quotaBytesPerPubkey()) {
            throw new BlossomException(429, "quota of " + options.quotaBytesPerPubkey() + " bytes exceeded");
        }
    }

    private void checkType(@Nullable String type) {
        if (type != null && !allowedType(type)) {
            throw new BlossomException(415, "type " + type + " is not accepted");
        }
    }

    private boolean allowedType(String type) {
        return options.allowedMediaTypes() == null || options.allowedMediaTypes().contains(type);
    }

    private static @Nullable String hashHeader(HttpServerRequest request, String name) {
        String value = request.requestHeaders().get(name);
        if (value == null) {
            return null;
        }
        String hash = value.trim();
        if (!LowerHex.is(hash, 64)) {
            throw new BlossomException(400, name + " must be 64 lowercase hex digits");
        }
        return hash;
    }

    private static long parseLength(String value, String name) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BlossomException(400, name + " must be a non-negative integer");
    }

    private static @Nullable String queryValue(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static long queryLong(QueryStringDecoder query, String name, long absent) {
        String value = queryValue(query, name);
        if (value == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BlossomException(400, name + " must be a non-negative integer");
    }

    private String descriptor(HttpServerRequest request, @Nullable String type, BlobOwners.Owned owned) {
        String hex = owned.ref().hex();
        return "{\"url\":\"" + baseUrl(request) + "/" + hex + "." + MediaTypes.extension(type) + "\",\"sha256\":\"" + hex
                + "\",\"size\":" + owned.size() + ",\"type\":\"" + type + "\",\"uploaded\":" + owned.uploaded() + "}";
    }

    private String baseUrl(HttpServerRequest request) {
        if (options.publicUrl() != null) {
            return options.publicUrl();
        }
        String host = request.requestHeaders().get(HttpHeaderNames.HOST);
        if (host == null || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            host = request.hostAddress() == null ? "localhost"
                    : request.hostAddress().getHostString() + ":" + request.hostAddress().getPort();
        }
        return "http://" + host;
    }

    private @Nullable String serverName(HttpServerRequest request) {
        if (options.serverName() != null) {
            return options.serverName();
        }
        String base = baseUrl(request);
        String host = URI.create(base).getHost();
        return host == null ? null : host.toLowerCase(Locale.ROOT);
    }

    private long now() {
        return options.clock().millis() / 1000;
    }

    private static String path(HttpServerRequest request) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private static HttpServerResponse cors(HttpServerResponse response) {
        return response.header("Access-Control-Allow-Origin", "*");
    }

    private static Mono<Void> sendJson(HttpServerResponse response, HttpResponseStatus status, String json) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendString(Mono.just(json), StandardCharsets.UTF_8)
                .then();
    }

    private Mono<Void> refuse(HttpServerRequest request, HttpServerResponse response, Throwable error) {
        int status;
        String reason;
        if (error instanceof BlossomException b) {
            status = b.status();
            reason = String.valueOf(b.getMessage());
        } else if (error instanceof BlobNotFoundException) {
            status = 404;
            reason = "blob not found";
        } else if (error instanceof StoreUnavailableException) {
            status = 503;
            reason = "storage unavailable";
        } else {
            LOG.warn("blossom {} {} failed", request.method(), request.uri(), error);
            status = 500;
            reason = "internal error";
        }
        if (response.hasSentHeaders()) {
            return Mono.error(error); // mid-body: reactor-netty closes the connection
        }
        String safe = reason.replaceAll("[^\\x20-\\x7e]", "?");
        response.status(status).header(X_REASON, safe);
        if (request.method() == HttpMethod.HEAD) {
            return response.header(HttpHeaderNames.CONTENT_LENGTH, "0").send().then();
        }
        return response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .sendString(Mono.just(safe + "\n"), StandardCharsets.UTF_8).then();
    }
}
