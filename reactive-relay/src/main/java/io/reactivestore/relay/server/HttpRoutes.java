package io.reactivestore.relay.server;

import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * HTTP endpoints served on the relay's port beside the relay itself, added with
 * {@link RelayOptions.Builder#httpRoutes}: a Blossom media server (any path its predicate accepts), a metrics
 * scrape on one path ({@link #path}), the NIP-86 management API on {@code /} (by method and content type).
 *
 * <p><b>Routing.</b> For every HTTP request except a WebSocket upgrade on {@code /}, the relay asks the added
 * extensions in order; the first whose {@link #handles} is true answers it. A request none of them takes gets
 * the relay's own answer: on {@code /} the NIP-11 document ({@code Accept: application/nostr+json}), a short
 * text, or 405 for methods other than {@code GET}/{@code OPTIONS}; elsewhere 404. So an extension should only
 * take requests on {@code /} that it recognises precisely (a content type, a method). A request taken by an
 * extension is exempt from the WebSocket handshake timeout (it may stream a large body); it still counts
 * against the connection budgets.
 *
 * <p><b>Threading.</b> Both methods are called on the connection's event loop: {@link #handles} must be cheap,
 * {@link #handle} must not block.
 */
public interface HttpRoutes {

    /**
     * Whether this extension serves the request; called on the event loop, must be cheap and must not read
     * the body.
     *
     * @param request the request (headers, method and path only)
     * @return whether {@link #handle} should answer it
     */
    boolean handles(HttpServerRequest request);

    /**
     * Answers the request without blocking the event loop.
     *
     * @param request the request
     * @param response its response
     * @return completes when the response is written
     */
    Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response);

    /**
     * An extension serving one exact path (the query string is not part of it), any method: for example a
     * Prometheus scrape at {@code /metrics}. Anyone who can reach the port can call it.
     *
     * @param path    the request path, starting with {@code /}, not {@code /} itself
     * @param handler answers the requests, on the event loop (it must not block)
     * @return the extension
     * @throws IllegalArgumentException if {@code path} is {@code /} or does not start with {@code /}
     */
    static HttpRoutes path(String path, Handler handler) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        if (!path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("path must start with / and not be /, got '" + path + "'");
        }
        return new HttpRoutes() {
            @Override
            public boolean handles(HttpServerRequest request) {
                return path.equals(request.fullPath());
            }

            @Override
            public Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
                return handler.handle(request, response);
            }
        };
    }

    /**
     * Answers the requests of a {@link #path} extension: reactor-netty's request/response pair, called on the
     * connection's event loop, where it must not block.
     */
    @FunctionalInterface
    interface Handler {

        /**
         * Answers one request.
         *
         * @param request  the request
         * @param response the response to send
         * @return completes when the response is sent
         */
        Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response);
    }
}
