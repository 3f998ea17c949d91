package io.reactivestore.event;

import java.util.Arrays;
import java.util.List;

/**
 * Writes JSON text as UTF-8 bytes in two escaping modes.
 *
 * <p>{@link Escaping#NIP01}: exactly the canonical rules of NIP-01 (escape only {@code "}, {@code \},
 * and {@code \n \r \t \b \f}; every other character raw UTF-8). Used for event ids.
 * {@link Escaping#JSON}: the same, and additionally the remaining control characters below U+0020 as
 * {@code \}{@code u00XX}, so that the output is valid JSON for every reader. Used for wire output.
 *
 * <p>Unpaired surrogates cannot be encoded as UTF-8 and are rejected with an
 * {@link InvalidEventException}, never silently replaced.
 *
 * <p>Writes into a plain growable array, not a {@code ByteArrayOutputStream}, whose synchronized
 * per-byte {@code write} dominated the cost of computing ids. Not thread-safe; one instance per text.
 */
final class JsonText {

    enum Escaping { NIP01, JSON }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Escaping escaping;
    private byte[] buf;
    private int len;

    JsonText(int initialCapacity, Escaping escaping) {
        this.buf = new byte[Math.max(16, initialCapacity)];
        this.escaping = escaping;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    private void put(int b) {
        if (len == buf.length) {
            ensure(1);
        }
        buf[len++] = (byte) b;
    }

    JsonText raw(char c) {
        put(c);
        return this;
    }

    JsonText raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    /** Appends an event's JSON form verbatim. */
    JsonText rawBytes(Event event) {
        byte[] json = event.jsonArray();
        ensure(json.length);
        System.arraycopy(json, 0, buf, len, json.length);
        len += json.length;
        return this;
    }

    JsonText number(long value) {
        return raw(Long.toString(value));
    }

    JsonText tags(List<List<String>> tags, String field) {
        put('[');
        for (int i = 0; i < tags.size(); i++) {
            if (i > 0) {
                put(',');
            }
            List<String> tag = tags.get(i);
            put('[');
            for (int j = 0; j < tag.size(); j++) {
                if (j > 0) {
                    put(',');
                }
                string(tag.get(j), field);
            }
            put(']');
        }
        put(']');
        return this;
    }

    JsonText string(String s, String field) {
        int n = s.length();
        ensure(n + 2);
        put('"');
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                ascii(c);
            } else if (c < 0x800) {
                put(0xc0 | (c >> 6));
                put(0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new InvalidEventException(field, "unpaired surrogate at index " + i);
                }
                int cp = Character.toCodePoint(c, s.charAt(++i));
                put(0xf0 | (cp >> 18));
                put(0x80 | ((cp >> 12) & 0x3f));
                put(0x80 | ((cp >> 6) & 0x3f));
                put(0x80 | (cp & 0x3f));
            } else if (Character.isLowSurrogate(c)) {
                throw new InvalidEventException(field, "unpaired surrogate at index " + i);
            } else {
                put(0xe0 | (c >> 12));
                put(0x80 | ((c >> 6) & 0x3f));
                put(0x80 | (c & 0x3f));
            }
        }
        put('"');
        return this;
    }

    private void ascii(char c) {
        switch (c) {
            case '"' -> escape('"');
            case '\\' -> escape('\\');
            case '\n' -> escape('n');
            case '\r' -> escape('r');
            case '\t' -> escape('t');
            case '\b' -> escape('b');
            case '\f' -> escape('f');
            default -> {
                if (c < 0x20 && escaping == Escaping.JSON) {
                    put('\\');
                    put('u');
                    put('0');
                    put('0');
                    put(HEX[c >> 4]);
                    put(HEX[c & 0xf]);
                } else {
                    put(c);
                }
            }
        }
    }

    private void escape(char c) {
        put('\\');
        put(c);
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    /** The digest of the text written so far, without copying it out first. */
    byte[] digest(java.security.MessageDigest digest) {
        digest.update(buf, 0, len);
        return digest.digest();
    }
}
