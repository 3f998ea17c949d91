package io.reactivestore.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no encoded surrogates, nothing above U+10FFFF,
 * no truncated sequences. The JSON parser accepts some of these, and a kept event's bytes are served
 * verbatim (to WebSocket text frames, which must be valid UTF-8), so the codec checks every document.
 */
final class Utf8 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /** Index of the first byte of the first invalid sequence, or -1 if {@code bytes} is valid UTF-8. */
    static int firstInvalid(byte[] bytes) {
        int n = bytes.length;
        int i = 0;
        while (i < n) {
            if (i + 8 <= n && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8; // eight ASCII bytes at once
                continue;
            }
            if (bytes[i] >= 0) {
                i++;
                continue;
            }
            int lead = bytes[i] & 0xff;
            int length;
            int low = 0x80;
            int high = 0xbf;
            if (lead >= 0xc2 && lead <= 0xdf) {
                length = 2;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                length = 3;
                if (lead == 0xe0) {
                    low = 0xa0; // overlong below U+0800
                } else if (lead == 0xed) {
                    high = 0x9f; // surrogates U+D800-DFFF
                }
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                length = 4;
                if (lead == 0xf0) {
                    low = 0x90; // overlong below U+10000
                } else if (lead == 0xf4) {
                    high = 0x8f; // above U+10FFFF
                }
            } else {
                return i;
            }
            if (i + length > n) {
                return i;
            }
            int second = bytes[i + 1] & 0xff;
            if (second < low || second > high) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                int next = bytes[i + k] & 0xff;
                if (next < 0x80 || next > 0xbf) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
