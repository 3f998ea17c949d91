package io.reactivestore.negentropy;

import java.util.Arrays;

/** A growable byte buffer with the protocol's varint. */
final class MessageWriter {

    private byte[] bytes = new byte[256];
    private int size;

    int size() {
        return size;
    }

    void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    void write(MessageWriter other) {
        write(other.bytes, 0, other.size);
    }

    /** Base-128 digits, most significant first, high bit set on all but the last; {@code value} unsigned. */
    void varint(long value) {
        int digits = 1;
        while (digits < 10 && (value >>> (7 * digits)) != 0) {
            digits++;
        }
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            int digit = (int) ((value >>> (7 * i)) & 0x7F);
            bytes[size++] = (byte) (i == 0 ? digit : digit | 0x80);
        }
    }

    void clear() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
