package io.reactivestore.store.lmdb;

import io.reactivestore.event.Event;
import io.reactivestore.internal.Hex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The binary key layouts of the LMDB store. Every index key ends with the same 24-byte <em>sort key</em>:
 * {@code (Long.MAX_VALUE - created_at)} big-endian (8 bytes), the first 8 bytes of the id, the event's
 * sequence number (8 bytes). LMDB compares keys as unsigned bytes, so a forward scan of one prefix yields
 * its events newest first, ties by id ascending (by the id's first 8 bytes; equal 8-byte prefixes at one
 * {@code created_at} fall back to sequence order, a 2^-64 event), and the same event has the same sort
 * key in every index, which is what lets scans of several indexes merge and deduplicate.
 */
final class Keys {

    /** Length of the sort key that ends every index key. */
    static final int SORT_KEY = 24;
    /** Bytes of a tag value's hash in a tag index key. */
    static final int TAG_HASH = 16;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    private Keys() {
    }

    static byte[] seq(long seq) {
        byte[] b = new byte[8];
        putLong(b, 0, seq);
        return b;
    }

    static long seqOf(byte[] sortKeyOrIndexKey) {
        return getLong(sortKeyOrIndexKey, sortKeyOrIndexKey.length - 8);
    }

    /** The 24-byte sort key of an event stored under {@code seq}. */
    static byte[] sortKey(Event e, long seq) {
        byte[] k = new byte[SORT_KEY];
        putLong(k, 0, Long.MAX_VALUE - e.createdAt());
        putLong(k, 8, Hex.leadingDigits(e.id(), 16));
        putLong(k, 16, seq);
        return k;
    }

    /** {@code prefix} followed by {@code sortKey}. */
    static byte[] join(byte[] prefix, byte[] sortKey) {
        byte[] k = Arrays.copyOf(prefix, prefix.length + sortKey.length);
        System.arraycopy(sortKey, 0, k, prefix.length, sortKey.length);
        return k;
    }

    /** First key of {@code prefix} at or before (older than or equal to) {@code until}. */
    static byte[] rangeStart(byte[] prefix, @Nullable Long until) {
        byte[] k = Arrays.copyOf(prefix, prefix.length + SORT_KEY);
        putLong(k, prefix.length, until == null ? 0 : Long.MAX_VALUE - until);
        return k;
    }

    /** The highest inverted timestamp a key of the range may carry (from {@code since}). */
    static long invertedBound(@Nullable Long since) {
        return since == null ? Long.MAX_VALUE : Long.MAX_VALUE - since;
    }

    static long invertedTime(byte[] key, int prefixLength) {
        return getLong(key, prefixLength);
    }

    static byte[] pubkey(String hex) {
        return Hex.decode(hex);
    }

    static byte[] kind(int kind) {
        return new byte[] {(byte) (kind >>> 8), (byte) kind};
    }

    static byte[] pubkeyKind(String pubkey, int kind) {
        return pubkeyKind(Hex.decode(pubkey), kind);
    }

    /** {@code pubkey} (32 bytes) then the kind (2 bytes). */
    static byte[] pubkeyKind(byte[] pubkey, int kind) {
        byte[] k = Arrays.copyOf(pubkey, 34);
        k[32] = (byte) (kind >>> 8);
        k[33] = (byte) kind;
        return k;
    }

    /** Tag letter and the first 16 bytes of SHA-256 of the value. */
    static byte[] tag(String letter, String value) {
        byte[] digest = SHA256.get().digest(value.getBytes(StandardCharsets.UTF_8));
        byte[] k = new byte[1 + TAG_HASH];
        k[0] = (byte) letter.charAt(0);
        System.arraycopy(digest, 0, k, 1, TAG_HASH);
        return k;
    }

    /** SHA-256 of a replaceable address string. */
    static byte[] address(String address) {
        return SHA256.get().digest(address.getBytes(StandardCharsets.UTF_8));
    }

    /** Tombstone key: id then author, 32 zero bytes standing for "any author". */
    static byte[] tombstone(byte[] id, byte @Nullable [] author) {
        byte[] k = Arrays.copyOf(id, 64);
        if (author != null) {
            System.arraycopy(author, 0, k, 32, 32);
        }
        return k;
    }

    /** Expiration key: the expiration time then the sequence number. */
    static byte[] expiration(long expiresAt, long seq) {
        byte[] k = new byte[16];
        putLong(k, 0, expiresAt);
        putLong(k, 8, seq);
        return k;
    }

    /** The event's NIP-40 expiration time, or -1 if it has no valid {@code expiration} tag. */
    static long expirationOf(Event e) {
        String v = e.firstTagValue("expiration");
        if (v == null || v.isEmpty() || v.length() > 18) {
            return -1;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(v);
    }

    /** Whether the last {@link #SORT_KEY} bytes of two keys are equal. */
    static int compareSortKeys(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, a.length - SORT_KEY, a.length, b, b.length - SORT_KEY, b.length);
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
