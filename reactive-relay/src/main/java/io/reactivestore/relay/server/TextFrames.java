package io.reactivestore.relay.server;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * Writes WebSocket text frames of the server side (RFC 6455 section 5.2: FIN set, opcode 1, no mask, no
 * extension bits) straight into a buffer, so that many frames share one buffer and one write. Valid only
 * on a connection that negotiated no extension (the relay never enables permessage-deflate).
 */
final class TextFrames {

    /** Bytes of the largest header: 2, plus 8 for a 64-bit length. */
    static final int MAX_HEADER = 10;

    private TextFrames() {
    }

    /** Writes the header of a final text frame whose payload is {@code length} bytes into {@code out}, which has room. */
    static void header(ByteBuffer out, int length) {
        out.put((byte) 0x81);
        if (length < 126) {
            out.put((byte) length);
        } else if (length <= 0xFFFF) {
            out.put((byte) 126);
            out.putShort((short) length);
        } else {
            out.put((byte) 127);
            out.putLong(length);
        }
    }

    /** Writes the header of a final text frame whose payload is {@code length} bytes. */
    static void header(ByteBuf out, int length) {
        out.writeByte(0x81);
        if (length < 126) {
            out.writeByte(length);
        } else if (length <= 0xFFFF) {
            out.writeByte(126);
            out.writeShort(length);
        } else {
            out.writeByte(127);
            out.writeLong(length);
        }
    }
}
