package io.reactivestore.event;

import java.io.ByteArrayOutputStream;
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
 */
final class JsonText {

    enum Escaping { NIP01, JSON }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ByteArrayOutputStream out;
    private final Escaping escaping;

    JsonText(int initialCapacity, Escaping escaping) {
        this.out = new ByteArrayOutputStream(initialCapacity);
        this.escaping = escaping;
    }

    JsonText raw(char c) {
        out.write(c);
        return this;
    }

    JsonText raw(String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            out.write(ascii.charAt(i));
        }
        return this;
    }

    /** Appends an event's JSON form verbatim. */
    JsonText rawBytes(Event event) {
        byte[] json = event.jsonArray();
        out.write(json, 0, json.length);
        return this;
    }

    JsonText number(long value) {
        return raw(Long.toString(value));
    }

    JsonText tags(List<List<String>> tags, String field) {
        out.write('[');
        for (int i = 0; i < tags.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            List<String> tag = tags.get(i);
            out.write('[');
            for (int j = 0; j < tag.size(); j++) {
                if (j > 0) {
                    out.write(',');
                }
                string(tag.get(j), field);
            }
            out.write(']');
        }
        out.write(']');
        return this;
    }

    JsonText string(String s, String field) {
        out.write('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                ascii(c);
            } else if (c < 0x800) {
                out.write(0xc0 | (c >> 6));
                out.write(0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new InvalidEventException(field, "unpaired surrogate at index " + i);
                }
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.write(0xf0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3f));
                out.write(0x80 | ((cp >> 6) & 0x3f));
                out.write(0x80 | (cp & 0x3f));
            } else if (Character.isLowSurrogate(c)) {
                throw new InvalidEventException(field, "unpaired surrogate at index " + i);
            } else {
                out.write(0xe0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3f));
                out.write(0x80 | (c & 0x3f));
            }
        }
        out.write('"');
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
                    out.write('\\');
                    out.write('u');
                    out.write('0');
                    out.write('0');
                    out.write(HEX[c >> 4]);
                    out.write(HEX[c & 0xf]);
                } else {
                    out.write(c);
                }
            }
        }
    }

    private void escape(char c) {
        out.write('\\');
        out.write(c);
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
