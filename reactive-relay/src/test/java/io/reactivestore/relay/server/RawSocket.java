package io.reactivestore.relay.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A plain TCP socket playing a broken or hostile client: bound to a chosen loopback address, it can
 * stall in the middle of its HTTP request, or complete a WebSocket upgrade and then never answer
 * anything. Every read waits at most {@link RawClient#WAIT}; used on the test thread only.
 */
final class RawSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final String host;

    private RawSocket(Socket socket, String host) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.host = host;
        socket.setSoTimeout((int) RawClient.WAIT.toMillis());
    }

    /** Opens a TCP connection to the relay at {@code url} from {@code localAddress}; sends nothing. */
    static RawSocket open(String url, String localAddress) {
        URI uri = URI.create(url);
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) RawClient.WAIT.toMillis());
            return new RawSocket(socket, uri.getHost() + ":" + uri.getPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the start of an upgrade request and stops before the blank line that would end it. */
    RawSocket stallInHandshake() {
        write("GET / HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n");
        return this;
    }

    /** Completes a WebSocket upgrade; returns the HTTP status line of the answer. */
    String upgrade() {
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        write("GET / HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
        return readHead();
    }

    private void write(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The status line of the HTTP answer, after reading its whole head; {@code null} if the socket closed first. */
    String readHead() {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                byte[] bytes = head.toByteArray();
                int n = bytes.length;
                if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                    String text = head.toString(StandardCharsets.US_ASCII);
                    return text.substring(0, text.indexOf('\r'));
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Reads WebSocket frames without ever answering until the relay closes the connection; returns the
     * opcodes seen (e.g. 0x9 for a ping). Fails if the connection is still open after {@code wait}.
     */
    String readFramesUntilClosed(Duration wait) {
        StringBuilder opcodes = new StringBuilder();
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                int first;
                try {
                    first = in.read();
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (first < 0) {
                    return opcodes.toString();
                }
                int second = in.read();
                long length = second & 0x7f;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                in.skipNBytes(length);
                opcodes.append(Integer.toHexString(first & 0x0f)).append(' ');
            }
        } catch (IOException e) {
            return opcodes + "(reset)";
        }
        throw new AssertionError("still open after " + wait + ", frames " + opcodes);
    }

    /** Whether the relay closed this connection (end of stream or reset) within {@code wait}. */
    boolean closedWithin(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read() < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // keep waiting
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
