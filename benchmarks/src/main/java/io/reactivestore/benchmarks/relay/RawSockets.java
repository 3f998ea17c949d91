package io.reactivestore.benchmarks.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Many plain TCP connections from one loopback address, driven from the calling thread by one NIO
 * selector: each sends a fixed request (a partial upgrade, or a whole one) and then never answers; what
 * the relay sends is read and thrown away, except the HTTP status and any {@code NOTICE}, and a
 * connection the relay closes is closed here too, so the harness holds no dead descriptors.
 */
final class RawSockets implements AutoCloseable {

    /** The start of an upgrade request, without the blank line that would end it. */
    static final String PARTIAL = "GET / HTTP/1.1\r\nHost: relay\r\nUpgrade: websocket\r\n";
    /** A complete WebSocket upgrade request. */
    static final String UPGRADE = "GET / HTTP/1.1\r\nHost: relay\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    /** One connection: its first answer bytes and whether it saw a NOTICE. */
    private static final class Conn {
        final StringBuilder head = new StringBuilder();
        boolean notice;
    }

    private final InetSocketAddress relay;
    private final String local;
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
    private final Map<String, Integer> statuses = new TreeMap<>();
    private int opened;
    private int failed;
    private int closedByRelay;
    private int notices;

    RawSockets(String url, String localAddress) throws IOException {
        URI uri = URI.create(url);
        this.relay = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.local = localAddress;
        this.selector = Selector.open();
    }

    /** Opens one connection and sends {@code request}; {@code false} if it could not connect. */
    boolean open(String request) {
        try {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.bind(new InetSocketAddress(local, 0));
                channel.connect(relay);
                channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, new Conn());
                opened++;
                return true;
            } catch (IOException e) {
                channel.close();
                failed++;
                return false;
            }
        } catch (IOException e) {
            failed++;
            return false;
        }
    }

    /** Reads whatever arrived (without blocking) and closes connections the relay closed. */
    void sweep() throws IOException {
        selector.selectNow();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            read(key);
        }
    }

    /** Reads everything that is readable, paused readers included, for up to {@code millis}. */
    void drain(long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline && !selector.keys().isEmpty()) {
            selector.select(Math.max(1, deadline - System.currentTimeMillis()));
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                read(key);
            }
        }
    }

    private void read(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        Conn conn = (Conn) key.attachment();
        int n;
        do {
            buffer.clear();
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                n = -1;
            }
            if (n > 0) {
                buffer.flip();
                byte[] bytes = new byte[n];
                buffer.get(bytes);
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                if (conn.head.length() < 12) {
                    conn.head.append(text, 0, Math.min(text.length(), 12 - conn.head.length()));
                    if (conn.head.length() >= 12) {
                        statuses.merge(conn.head.substring(9, 12), 1, Integer::sum);
                    }
                }
                if (!conn.notice && text.contains("[\"NOTICE\"")) {
                    conn.notice = true;
                    notices++;
                }
            }
        } while (n > 0);
        if (n < 0) {
            closedByRelay++;
            key.cancel();
            channel.close();
        }
    }

    /** Stops reading from every connection (the relay sees a reader that never reads) by dropping interest. */
    void pauseReading() {
        for (SelectionKey key : selector.keys()) {
            key.interestOps(0);
        }
    }

    /** Reads again. */
    void resumeReading() {
        for (SelectionKey key : selector.keys()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /** Sends {@code text} as one masked WebSocket text frame on every open connection (blocking briefly). */
    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short frames only");
        }
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        byte[] mask = {1, 2, 3, 4};
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            ((SocketChannel) key.channel()).write(ByteBuffer.wrap(frame));
        }
    }

    int open() {
        return selector.keys().size();
    }

    int opened() {
        return opened;
    }

    int failed() {
        return failed;
    }

    int closedByRelay() {
        return closedByRelay;
    }

    int notices() {
        return notices;
    }

    Map<String, Integer> statuses() {
        return statuses;
    }

    @Override
    public void close() throws IOException {
        List<SelectionKey> keys = new ArrayList<>(selector.keys());
        for (SelectionKey key : keys) {
            key.channel().close();
        }
        selector.close();
    }
}
