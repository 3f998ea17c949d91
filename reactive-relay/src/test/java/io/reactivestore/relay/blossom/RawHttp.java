package io.reactivestore.relay.blossom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection written and read by hand on a blocking socket (test threads only), so a test
 * controls exactly which bytes go when: headers before a body, a body after the answer, a second request
 * on the same connection. Reads time out after {@link BlossomClient#WAIT}.
 */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout((int) BlossomClient.WAIT.toMillis());
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Writes {@code text} (ASCII) and flushes. */
    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes {@code bytes} and flushes. */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads one response with a {@code Content-Length} body (or none).
     *
     * @return its status code, or -1 if the server closed the connection before a status line
     * @throws java.net.SocketTimeoutException if nothing comes within the wait
     */
    int readStatus() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return -1;
            }
            head.write(c);
        }
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        long length = 0;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        for (long i = 0; i < length; i++) {
            if (in.read() < 0) {
                break;
            }
        }
        return Integer.parseInt(lines[0].split(" ")[1]);
    }

    /**
     * Reads one unmasked, unfragmented WebSocket text frame shorter than 126 bytes (a short relay answer).
     *
     * @return its text
     * @throws java.net.SocketTimeoutException if nothing comes within the wait
     */
    String readText() throws IOException {
        int opcode = in.read();
        int length = in.read();
        if (opcode != 0x81 || length < 0 || length >= 126) {
            throw new IOException("not a short text frame: " + opcode + ", " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /**
     * Whether the server closed the connection: a read that ends (or is reset) before the wait is over.
     *
     * @throws java.net.SocketTimeoutException if the connection stays open for the whole wait
     */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
