package io.reactivestore.relay.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every accepted TCP connection, before any HTTP is parsed: admits the connection
 * against the process's socket budget (else HTTP 503) and its peer's per-address budget (else HTTP 429;
 * a trusted proxy's connections are admitted per forwarded client at the upgrade instead), closes it if
 * it has not become a WebSocket within {@link RelayOptions#handshakeTimeout()}, then pings the WebSocket
 * every {@link RelayOptions#pingInterval()} and closes it when nothing at all (no pong, no message) came
 * back within one interval, and closes it after {@link RelayOptions#idleTimeout()} without subscriptions
 * or messages. Budgets are given back when the channel closes.
 *
 * <p>Threading: every method runs on the channel's event loop except {@link #admitForwarded}, which
 * runs there too (from the HTTP handler); timers are scheduled on that loop, so no field needs a lock.
 * A refusal is written raw at the head of the pipeline and the channel closed at once, so a refused
 * peer holds its file descriptor for one write, not for a timeout.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {

    /** The guard of a channel, for the HTTP and WebSocket handlers. */
    static final AttributeKey<ConnectionGuard> KEY = AttributeKey.valueOf("io.reactivestore.relay.guard");
    static final String NAME = "relay.guard";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final byte[] TOO_MANY = response("429 Too Many Requests",
            "rate-limited: too many connections from your address");
    private static final byte[] UNAVAILABLE = response("503 Service Unavailable",
            "the relay is at its connection limit, try again later");
    private static final int GOING_AWAY = 1001;

    private final AddressBudgets budgets;
    private final ClientAddresses addresses;
    private final RefusalLog refusals;
    private final RelayOptions options;
    private final ChannelGroup httpChannels;
    @SuppressWarnings("NullAway.Init") // set in channelActive, which Netty calls before every other callback here
    private Channel channel;
    private @Nullable InetAddress peer;
    private boolean socketSlot;
    private boolean admitted;
    private AddressBudgets.@Nullable Address address;
    private @Nullable ScheduledFuture<?> handshakeTimer;
    private @Nullable ScheduledFuture<?> pingTimer;
    private @Nullable ScheduledFuture<?> idleTimer;
    private boolean readSincePing = true;
    private long lastMessageNanos = System.nanoTime();
    private IntSupplier subscriptions = () -> 0;
    private boolean upgraded;

    ConnectionGuard(AddressBudgets budgets, ClientAddresses addresses, RefusalLog refusals, RelayOptions options,
            ChannelGroup httpChannels) {
        this.budgets = budgets;
        this.addresses = addresses;
        this.refusals = refusals;
        this.options = options;
        this.httpChannels = httpChannels;
    }

    private static byte[] response(String status, String body) {
        byte[] text = (body + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + text.length + "\r\nConnection: close\r\nRetry-After: 60\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + text.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(text, 0, all, h.length, text.length);
        return all;
    }

    /** The guard installed on {@code channel}, or {@code null}. */
    static ConnectionGuard of(Channel channel) {
        return channel.attr(KEY).get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        channel.attr(KEY).set(this);
        peer = channel.remoteAddress() instanceof InetSocketAddress isa ? isa.getAddress() : null;
        if (!budgets.tryOpenSocket()) {
            refusals.refused("the relay", "connection budget", budgets.maxSockets() + " connections are open");
            refuse(ctx, UNAVAILABLE);
            return;
        }
        socketSlot = true;
        if (peer != null && !addresses.isTrusted(peer)) {
          address = budgets.tryConnect(peer);
            if (address == null) {
                refusals.refused(ClientAddresses.budgetKey(peer).getHostAddress(), "connections per address",
                        options.maxConnectionsPerAddress() + " connections are open");
                refuse(ctx, TOO_MANY);
                return;
            }
        }
        admitted = true;
        handshakeTimer = ctx.executor().schedule(this::handshakeExpired,
                options.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    private static void refuse(ChannelHandlerContext ctx, byte[] response) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(response)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!admitted) {
            ReferenceCountUtil.release(msg);
            return;
        }
        readSincePing = true;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel(handshakeTimer);
        cancel(pingTimer);
        cancel(idleTimer);
        if (address != null) {
            budgets.disconnect(address);
            address = null;
        }
        if (socketSlot) {
            socketSlot = false;
            budgets.closeSocket();
        }
        if (admitted) {
            ctx.fireChannelInactive();
        }
    }

    private static void cancel(@Nullable ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void handshakeExpired() {
        if (!upgraded && channel.isActive()) {
            refusals.refused(peer == null ? "?" : ClientAddresses.budgetKey(peer).getHostAddress(),
                    "handshake timeout", "no WebSocket upgrade within " + options.handshakeTimeout());
            channel.close();
        }
    }

    /**
     * Admits a client a trusted proxy forwarded, against its own per-address budget.
     *
     * @return {@code false} if that address holds its connection budget already (answer HTTP 429)
     */
    boolean admitForwarded(InetAddress client) {
        if (address != null) {
            return true;
        }
        address = budgets.tryConnect(client);
        if (address == null) {
            refusals.refused(ClientAddresses.budgetKey(client).getHostAddress(), "connections per address",
                    options.maxConnectionsPerAddress() + " connections are open (via proxy " + peer + ")");
            return false;
        }
        return true;
    }

    /** The budget state of this connection's client, or {@code null} if none was taken. */
    AddressBudgets.@Nullable Address address() {
        return address;
    }

    /**
     * The connection is serving an HTTP extension request ({@link HttpRoutes}), which may
     * stream a large body: stops the handshake timer (on the channel's event loop) and adds the channel to
     * the relay's HTTP channels, which the relay closes when it shuts down (reactor-netty closes only the
     * listening socket, and a kept-alive connection would otherwise stay open and be served by the stopped
     * relay). No pings follow.
     */
    void servingHttp() {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(this::servingHttp);
            return;
        }
        httpChannels.add(channel);
        upgraded = true;
        cancel(handshakeTimer);
    }

    /**
     * The connection became a WebSocket: stops the handshake timer and starts pings and the idle check
     * (on the channel's event loop).
     */
    void upgraded(IntSupplier openSubscriptions) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> upgraded(openSubscriptions));
            return;
        }
        upgraded = true;
        subscriptions = openSubscriptions;
        lastMessageNanos = System.nanoTime();
        cancel(handshakeTimer);
        Duration ping = options.pingInterval();
        if (!ping.isZero()) {
            pingTimer = channel.eventLoop().scheduleAtFixedRate(this::ping, ping.toNanos(), ping.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
        Duration idle = options.idleTimeout();
        if (!idle.isZero()) {
            long period = Math.max(1, idle.toNanos() / 4);
            idleTimer = channel.eventLoop().scheduleAtFixedRate(this::checkIdle, period, period, TimeUnit.NANOSECONDS);
        }
    }

    /** A client message arrived (called on the event loop). */
    void messageReceived() {
        lastMessageNanos = System.nanoTime();
    }

    private void ping() {
        if (!channel.isActive()) {
            return;
        }
        if (!readSincePing) {
            LOG.info("closing {}: no answer to a ping within {}", channel.remoteAddress(), options.pingInterval());
            channel.close();
            return;
        }
        readSincePing = false;
        channel.writeAndFlush(new PingWebSocketFrame());
    }

    private void checkIdle() {
        if (channel.isActive() && subscriptions.getAsInt() == 0
                && System.nanoTime() - lastMessageNanos > options.idleTimeout().toNanos()) {
            LOG.info("closing {}: no subscription and no message for {}", channel.remoteAddress(),
                    options.idleTimeout());
            cancel(idleTimer);
            channel.writeAndFlush(new CloseWebSocketFrame(GOING_AWAY, "idle")).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
