package io.reactivestore.negentropy;

/** Reads a negentropy message; every malformation is a {@link NegentropyException}. */
final class MessageReader {

    private final byte[] bytes;
    private int pos;

    MessageReader(byte[] bytes) {
        this.bytes = bytes;
    }

    boolean hasMore() {
        return pos < bytes.length;
    }

    int remaining() {
        return bytes.length - pos;
    }

    int readByte() {
        if (pos >= bytes.length) {
            throw new NegentropyException("invalid: message truncated");
        }
        return bytes[pos++] & 0xFF;
    }

    /** Copies {@code n} bytes into {@code out[offset..]}. */
    void read(byte[] out, int offset, int n) {
        if (n > remaining()) {
            throw new NegentropyException("invalid: message truncated");
        }
        System.arraycopy(bytes, pos, out, offset, n);
        pos += n;
    }

    /** The position, for reading ids in place. */
    int position() {
        return pos;
    }

    byte[] buffer() {
        return bytes;
    }

    void skip(int n) {
        if (n > remaining()) {
            throw new NegentropyException("invalid: message truncated");
        }
        pos += n;
    }

    /** An unsigned varint of at most 64 bits. */
    long varint() {
        long value = 0;
        while (true) {
            int b = readByte();
            if ((value >>> 57) != 0) {
                throw new NegentropyException("invalid: varint longer than 64 bits");
            }
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
