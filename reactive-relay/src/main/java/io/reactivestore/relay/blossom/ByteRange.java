package io.reactivestore.relay.blossom;

import org.jspecify.annotations.Nullable;
/**
 * One satisfiable byte range of a blob, from a {@code Range} header (RFC 9110 §14): {@code bytes=a-b},
 * {@code bytes=a-}, {@code bytes=-n}. Several ranges or a malformed header are ignored (the whole blob
 * is sent, as the RFC allows); a range that starts past the end is unsatisfiable (416).
 *
 * @param start first byte
 * @param end last byte (inclusive)
 */
record ByteRange(long start, long end) {

    /** Marks an unsatisfiable range. */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    long length() {
        return end - start + 1;
    }

    /** The range of {@code header} within {@code size} bytes; {@code null} for the whole blob. */
    static @Nullable ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (!value.startsWith("bytes=") || value.indexOf(',') >= 0) {
            return null;
        }
        String spec = value.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String first = spec.substring(0, dash).trim();
            String last = spec.substring(dash + 1).trim();
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    return UNSATISFIABLE;
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Long.parseLong(last);
            if (start < 0 || (!last.isEmpty() && end < start)) {
                return null;
            }
            if (start >= size) {
                return UNSATISFIABLE;
            }
            return new ByteRange(start, Math.min(end, size - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
