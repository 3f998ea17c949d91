package io.reactivestore.negentropy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One side of one Negentropy (protocol version 1) reconciliation over a {@link NegentropyStorage}: pure
 * computation, no I/O, not thread-safe (one instance per reconciliation, used by one thread at a time).
 *
 * <p>The <b>initiator</b> calls {@link #initiate()} once, sends the message, and feeds each answer to
 * {@link #reconcile(byte[], Consumer, Consumer)}, which reports the ids only it has ({@code have}) and the
 * ids only the other side has ({@code need}) and returns the next message, or {@code null} when the sets
 * are reconciled. The <b>responder</b> answers each message with {@link #reconcile(byte[])}. Every id of
 * the symmetric difference is reported exactly once over a whole reconciliation with a responder that
 * answers id lists with its own (as this class and the reference implementation do); the initiator keeps
 * the first 16 bytes of each reported id (32 to 64 bytes per id of the difference) because a responder
 * cut short by its frame limit may reopen ranges already settled.
 *
 * <p><b>Frames.</b> With a non-zero {@code frameSizeLimit} no message this instance produces is longer than
 * the limit (binary bytes; hex on the wire doubles it): once a message would pass {@code limit - 200}
 * bytes, the rest of the range space is summed up in one fingerprint and reconciled in later rounds.
 *
 * <p><b>Cost.</b> A message costs {@code O(m log n)} record comparisons and sums over at most the records
 * of the ranges it touches; memory is the output message plus, on the initiator, the ids of one received
 * id list.
 */
public final class Negentropy {

    /** The protocol version byte this implementation speaks: {@code 0x61} (version 1). */
    public static final int PROTOCOL_VERSION = 0x61;
    /** The smallest non-zero frame size limit. */
    public static final int MIN_FRAME_SIZE_LIMIT = 4096;

    private static final int MODE_SKIP = 0;
    private static final int MODE_FINGERPRINT = 1;
    private static final int MODE_ID_LIST = 2;
    private static final int BUCKETS = 16;
    private static final int FINGERPRINT_SIZE = 16;

    private final NegentropyStorage storage;
    private final int frameSizeLimit;
    private final MessageDigest sha256;
    private final long[] sum = new long[4];
    private final byte[] fingerprintInput = new byte[Ids.LENGTH + 10];
    private final ReportedIds reported = new ReportedIds();
    private boolean initiator;
    private long lastTimestampIn;
    private long lastTimestampOut;
    private long recordsSettled;

    /**
     * Creates one side of a reconciliation.
     *
     * @param storage this side's records
     * @param frameSizeLimit the largest message this side produces, in bytes, or 0 for no limit
     * @throws IllegalArgumentException if {@code frameSizeLimit} is neither 0 nor at least {@value #MIN_FRAME_SIZE_LIMIT}
     */
    public Negentropy(NegentropyStorage storage, int frameSizeLimit) {
        this.storage = Objects.requireNonNull(storage, "storage");
        if (frameSizeLimit != 0 && frameSizeLimit < MIN_FRAME_SIZE_LIMIT) {
            throw new IllegalArgumentException("frameSizeLimit must be 0 or at least " + MIN_FRAME_SIZE_LIMIT
                    + ", got " + frameSizeLimit);
        }
        this.frameSizeLimit = frameSizeLimit;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * The initiator's first message; makes this instance the initiator.
     *
     * @return the message (binary; hex-encode it for NIP-77)
     * @throws IllegalStateException if already called
     */
    public byte[] initiate() {
        if (initiator) {
            throw new IllegalStateException("already initiated");
        }
        initiator = true;
        lastTimestampOut = 0;
        MessageWriter out = new MessageWriter();
        out.write(PROTOCOL_VERSION);
        splitRange(0, storage.size(), Bound.MAX, out);
        return out.toByteArray();
    }

    /**
     * The responder's answer to {@code query}. A query of another protocol version in {@code 0x60-0x6f}
     * is answered with the single byte {@value #PROTOCOL_VERSION}, as the protocol asks.
     *
     * @param query the initiator's message
     * @return the answer, never null
     * @throws NegentropyException if {@code query} is malformed
     * @throws IllegalStateException if this instance is the initiator
     */
    public byte[] reconcile(byte[] query) {
        if (initiator) {
            throw new IllegalStateException("the initiator must collect have and need ids");
        }
        return reconcileAux(Objects.requireNonNull(query, "query"), null, null);
    }

    /**
     * The initiator's next message after the responder's {@code message}, reporting ids as it learns them.
     *
     * @param message the responder's message
     * @param have called with each id (32 bytes, a fresh array) this side has and the other lacks
     * @param need called with each id (32 bytes, a fresh array) the other side has and this side lacks
     * @return the next message, or {@code null} when the reconciliation is complete
     * @throws NegentropyException if {@code message} is malformed or of another protocol version
     * @throws IllegalStateException if {@link #initiate()} was not called
     */
    public byte @Nullable [] reconcile(byte[] message, Consumer<byte[]> have, Consumer<byte[]> need) {
        if (!initiator) {
            throw new IllegalStateException("initiate() first");
        }
        byte[] out = reconcileAux(Objects.requireNonNull(message, "message"), Objects.requireNonNull(have, "have"),
                Objects.requireNonNull(need, "need"));
        return out.length == 1 ? null : out;
    }

    /** {@return whether {@link #initiate()} was called} */
    public boolean isInitiator() {
        return initiator;
    }

    /**
     * How many of this side's records lie outside the ranges its latest message left open (ranges it split
     * into fingerprints or listed, and the rest of the range space summed up at a frame limit): a progress
     * measure that never decreases and is {@code storage.size()} once the reconciliation is complete.
     *
     * @return records settled so far
     */
    public long recordsSettled() {
        return recordsSettled;
    }

    private byte[] reconcileAux(byte[] message, @Nullable Consumer<byte[]> have,
                                          @Nullable Consumer<byte[]> need) {
        lastTimestampIn = 0;
        lastTimestampOut = 0;
        MessageReader query = new MessageReader(message);
        MessageWriter full = new MessageWriter();
        full.write(PROTOCOL_VERSION);
        int version = query.readByte();
        if (version < 0x60 || version > 0x6F) {
            throw new NegentropyException("invalid: not a negentropy message (protocol byte " + version + ")");
        }
        if (version != PROTOCOL_VERSION) {
            if (initiator) {
                throw new NegentropyException("invalid: unsupported negentropy protocol version " + (version - 0x60));
            }
            return full.toByteArray();
        }
        int storageSize = storage.size();
        long open = 0; // records in the ranges this answer leaves open (to be split or listed)
        Bound prevBound = Bound.ZERO;
        int prevIndex = 0;
        boolean skip = false;
        MessageWriter o = new MessageWriter();
        while (query.hasMore()) {
            o.clear();
            long openHere = 0;
            boolean skippedBefore = skip;
            boolean answered = false;
            long timestampOutBefore = lastTimestampOut;
            Bound currBound = decodeBound(query);
            long mode = query.varint();
            int lower = prevIndex;
            int upper = storage.lowerBound(prevIndex, storageSize, currBound);
            if (mode == MODE_SKIP) {
                skip = true;
            } else if (mode == MODE_FINGERPRINT) {
                byte[] theirs = new byte[FINGERPRINT_SIZE];
                query.read(theirs, 0, FINGERPRINT_SIZE);
                if (!MessageDigest.isEqual(theirs, fingerprint(lower, upper))) {
                    if (skip) {
                        skip = false;
                        encodeBound(prevBound, o);
                        o.varint(MODE_SKIP);
                    }
                    splitRange(lower, upper, currBound, o);
                    openHere = upper - lower;
                } else {
                    skip = true;
                }
            } else if (mode == MODE_ID_LIST) {
                long count = query.varint();
                if (count > query.remaining() / Ids.LENGTH) {
                    throw new NegentropyException("invalid: id list of " + count + " ids in "
                            + query.remaining() + " bytes");
                }
                if (initiator) {
                    skip = true;
                    compareIds(query, (int) count, lower, upper, Objects.requireNonNull(have, "an initiator's have"),
                            Objects.requireNonNull(need, "an initiator's need"));
                } else {
                    query.skip((int) count * Ids.LENGTH);
                    if (skip) {
                        skip = false;
                        encodeBound(prevBound, o);
                        o.varint(MODE_SKIP);
                    }
                    upper = answerIds(lower, upper, currBound, full, o);
                    answered = true;
                }
            } else {
                throw new NegentropyException("invalid: unknown range mode " + Long.toUnsignedString(mode));
            }
            if (exceeded(full.size() + o.size())) {
                // Summarise everything from here on in one fingerprint; the other side splits it next round.
                // The last range must start where the previous one written ended: after an id list answer
                // that is `upper`; otherwise this range's output is dropped, so it starts at `lower`, after
                // a Skip for the ranges settled since the last one written (unlike the reference, which
                // sums from `upper` there and so makes the other side resend settled id lists: their ids
                // would be reported twice).
                int from = upper;
                if (!answered) {
                    from = lower;
                    lastTimestampOut = timestampOutBefore;
                    if (skippedBefore) {
                        encodeBound(prevBound, full);
                        full.varint(MODE_SKIP);
                    }
                }
                encodeBound(Bound.MAX, full);
                full.varint(MODE_FINGERPRINT);
                byte[] rest = fingerprint(from, storageSize);
                open += storageSize - from;
                full.write(rest, 0, rest.length);
                break;
            }
            full.write(o);
            open += openHere;
            prevIndex = upper;
            prevBound = currBound;
        }
        // never decreases: ranges reopened to fit a frame limit are not taken back
        recordsSettled = Math.max(recordsSettled, storageSize - open);
        return full.toByteArray();
    }

    /** The initiator's side of an id list: theirs against ours in {@code [lower, upper)}. */
    private void compareIds(MessageReader query, int count, int lower, int upper, Consumer<byte[]> have,
            Consumer<byte[]> need) {
        Set<ByteBuffer> theirs = new HashSet<>(Math.max(16, count * 2));
        byte[] buffer = query.buffer();
        for (int i = 0; i < count; i++) {
            theirs.add(ByteBuffer.wrap(buffer, query.position(), Ids.LENGTH).slice());
            query.skip(Ids.LENGTH);
        }
        byte[] id = new byte[Ids.LENGTH];
        for (int i = lower; i < upper; i++) {
            storage.writeId(i, id, 0);
            if (!theirs.remove(ByteBuffer.wrap(id)) && reported.add(id)) {
                have.accept(id.clone());
            }
        }
        for (ByteBuffer missing : theirs) {
            byte[] copy = new byte[Ids.LENGTH];
            missing.duplicate().get(copy);
            if (reported.add(copy)) {
                need.accept(copy);
            }
        }
    }

    /**
     * The responder's side of an id list: its own ids of {@code [lower, upper)}, cut short at the frame
     * limit. Written to {@code full} directly; returns the index the answer ends at.
     */
    private int answerIds(int lower, int upper, Bound currBound, MessageWriter full, MessageWriter o) {
        int end = upper;
        Bound endBound = currBound;
        for (int i = lower; i < upper; i++) {
            if (exceeded(full.size() + o.size() + (i - lower) * Ids.LENGTH)) {
                endBound = Bound.ofRecord(storage, i);
                end = i;
                break;
            }
        }
        encodeBound(endBound, o);
        o.varint(MODE_ID_LIST);
        o.varint(end - lower);
        byte[] id = new byte[Ids.LENGTH];
        for (int i = lower; i < end; i++) {
            storage.writeId(i, id, 0);
            o.write(id, 0, Ids.LENGTH);
        }
        full.write(o);
        o.clear();
        return end;
    }

    private void splitRange(int lower, int upper, Bound upperBound, MessageWriter o) {
        int count = upper - lower;
        if (count < BUCKETS * 2) {
            encodeBound(upperBound, o);
            o.varint(MODE_ID_LIST);
            o.varint(count);
            byte[] id = new byte[Ids.LENGTH];
            for (int i = lower; i < upper; i++) {
                storage.writeId(i, id, 0);
                o.write(id, 0, Ids.LENGTH);
            }
            return;
        }
        int perBucket = count / BUCKETS;
        int withExtra = count % BUCKETS;
        int curr = lower;
        for (int i = 0; i < BUCKETS; i++) {
            int bucketSize = perBucket + (i < withExtra ? 1 : 0);
            byte[] fp = fingerprint(curr, curr + bucketSize);
            curr += bucketSize;
            Bound next = curr == upper ? upperBound : Bound.minimal(storage, curr - 1, curr);
            encodeBound(next, o);
            o.varint(MODE_FINGERPRINT);
            o.write(fp, 0, FINGERPRINT_SIZE);
        }
    }

    private boolean exceeded(int size) {
        return frameSizeLimit != 0 && size > frameSizeLimit - 200;
    }

    /** SHA-256 of (sum of ids mod 2^256, little-endian) followed by the count as a varint; first 16 bytes. */
    private byte[] fingerprint(int begin, int end) {
        storage.sumIds(begin, end, sum);
        byte[] in = fingerprintInput;
        for (int limb = 0; limb < 4; limb++) {
            long v = sum[limb];
            for (int b = 0; b < 8; b++) {
                in[limb * 8 + b] = (byte) (v >>> (8 * b));
            }
        }
        MessageWriter count = new MessageWriter();
        count.varint(end - begin);
        byte[] varint = count.toByteArray();
        System.arraycopy(varint, 0, in, Ids.LENGTH, varint.length);
        sha256.update(in, 0, Ids.LENGTH + varint.length);
        byte[] hash = sha256.digest();
        byte[] fp = new byte[FINGERPRINT_SIZE];
        System.arraycopy(hash, 0, fp, 0, FINGERPRINT_SIZE);
        return fp;
    }

    private Bound decodeBound(MessageReader in) {
        long timestamp = decodeTimestamp(in);
        long length = in.varint();
        if (length > Ids.LENGTH) {
            throw new NegentropyException("invalid: bound id prefix of " + Long.toUnsignedString(length) + " bytes");
        }
        byte[] prefix = new byte[Ids.LENGTH];
        in.read(prefix, 0, (int) length);
        return Bound.of(timestamp, prefix, (int) length);
    }

    private long decodeTimestamp(MessageReader in) {
        long encoded = in.varint();
        if (encoded == 0 || lastTimestampIn == Bound.INFINITY) {
            lastTimestampIn = Bound.INFINITY;
            return Bound.INFINITY;
        }
        long timestamp = encoded - 1 + lastTimestampIn;
        if (Long.compareUnsigned(timestamp, lastTimestampIn) < 0 || timestamp == Bound.INFINITY) {
            throw new NegentropyException("invalid: timestamp beyond 2^64 - 2");
        }
        lastTimestampIn = timestamp;
        return timestamp;
    }

    private void encodeBound(Bound bound, MessageWriter out) {
        if (bound.timestamp() == Bound.INFINITY) {
            lastTimestampOut = Bound.INFINITY;
            out.varint(0);
        } else {
            out.varint(bound.timestamp() - lastTimestampOut + 1);
            lastTimestampOut = bound.timestamp();
        }
        out.varint(bound.prefixLength());
        bound.writePrefix(out);
    }
}
