package io.reactivestore.store.ndjson;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code \n}-terminated lines of bytes from a stream with one fixed buffer: memory stays at
 * {@code maxLineBytes} plus 64 KiB whatever the input size. A trailing {@code \r} is dropped. Blocking;
 * not thread-safe.
 */
final class LineReader {

    /** Returned for a line longer than the maximum (its bytes are skipped). */
    static final byte[] TOO_LONG = new byte[0];

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its terminator, {@link #TOO_LONG}, or {@code null} at the end of input. */
    byte @Nullable [] next() throws IOException {
        int length = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? finish(length, tooLong) : null;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int chunk = position - start;
            if (!tooLong) {
                if (length + chunk > maxLineBytes + 1) { // +1 leaves room for a '\r' to strip
                    tooLong = true;
                } else {
                    if (length + chunk > line.length) {
                        line = Arrays.copyOf(line, Math.min(maxLineBytes + 1, Math.max(line.length * 2, length + chunk)));
                    }
                    System.arraycopy(buffer, start, line, length, chunk);
                    length += chunk;
                }
            }
            if (position < limit) {
                position++; // the '\n'
                return finish(length, tooLong);
            }
        }
    }

    private byte[] finish(int length, boolean tooLong) {
        if (tooLong) {
            return TOO_LONG;
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (length > maxLineBytes) {
            return TOO_LONG;
        }
        return Arrays.copyOf(line, length);
    }
}
