package io.reactivestore.outbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * One event kept by an {@link OutboxStore}: its registered {@code type}, its opaque {@code data}, and its
 * {@code id}, derived from both by {@link #idOf(String, byte[])}. Immutable: {@link #data()} returns a copy.
 */
public final class OutboxEvent {

    /** Namespace of the name-based (version 5) ids: a fixed constant, part of the stored format. */
    static final UUID ID_NAMESPACE = UUID.fromString("5b0f7c4e-6a1d-4f3b-9c2e-0d8a1b7e4f60");

    private final UUID id;
    private final String type;
    private final byte[] data;

    private OutboxEvent(UUID id, String type, byte[] data) {
        this.id = id;
        this.type = type;
        this.data = data;
    }

    /**
     * The event of {@code type} carrying {@code data}, with its derived id. {@code data} is copied.
     *
     * @param type the type name
     * @param data the payload
     * @return the event of {@code type} carrying {@code data}, with its derived id
     */
    public static OutboxEvent of(String type, byte[] data) {
        Objects.requireNonNull(type, "type");
        byte[] copy = Objects.requireNonNull(data, "data").clone();
        return new OutboxEvent(idOf(type, copy), type, copy);
    }

    /** An event read back from storage; the id is trusted (it was derived when the event was stored). */
    static OutboxEvent stored(UUID id, String type, byte[] data) {
        return new OutboxEvent(id, type, data);
    }

    /**
     * The deterministic id of an event: a name-based UUID (RFC 9562 version 5, SHA-1) in a fixed namespace over
     * the name {@code length(type) || type || data}, where {@code type} is UTF-8 and its length a 4-byte
     * big-endian count. The length prefix keeps {@code ("ab", "c")} and {@code ("a", "bc")} apart.
     *
     * @param type the type name
     * @param data the payload
     * @return the deterministic id of an event: a name-based UUID (RFC 9562 version 5, SHA-1) in a fixed namespace over the name {@code length(type) || type || data}, where {@code type} is UTF-8 and its length a 4-byte big-endian count
     */
    public static UUID idOf(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.UTF_8);
        MessageDigest sha1 = sha1();
        sha1.update(ByteBuffer.allocate(16)
                .putLong(ID_NAMESPACE.getMostSignificantBits())
                .putLong(ID_NAMESPACE.getLeastSignificantBits())
                .array());
        sha1.update(ByteBuffer.allocate(4).putInt(typeBytes.length).array());
        sha1.update(typeBytes);
        sha1.update(data);
        ByteBuffer hash = ByteBuffer.wrap(sha1.digest());
        long msb = hash.getLong();
        long lsb = hash.getLong();
        msb = (msb & ~0xF000L) | 0x5000L; // version 5
        lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(msb, lsb);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    /** {@return the event's id, derived from its type and data} */
    public UUID id() {
        return id;
    }

    /** {@return the event's registered type} */
    public String type() {
        return type;
    }

    /** {@return a copy of the event's data} */
    public byte[] data() {
        return data.clone();
    }

    /** The data itself, not a copy: for the backends, which never modify it. */
    byte[] dataUnsafe() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboxEvent other && id.equals(other.id) && type.equals(other.type)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        String hex = HexFormat.of().formatHex(data, 0, Math.min(data.length, 16));
        return "OutboxEvent[" + id + ", " + type + ", " + data.length + " bytes: " + hex
                + (data.length > 16 ? "..." : "") + "]";
    }
}
