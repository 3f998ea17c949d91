package io.reactivestore.event;

import io.reactivestore.internal.Hex;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A signed Nostr event (NIP-01): immutable and thread-safe.
 *
 * <p>Construction validates the shape of every field: {@code id} and {@code pubkey} are exactly 64
 * lowercase hex characters, {@code sig} exactly 128, {@code kind} in 0-65535, {@code created_at}
 * non-negative, tags non-null lists of non-null strings. Whether the id is the hash of the event and
 * whether the signature is valid are separate, more expensive checks: {@link #hasValidId()},
 * {@link #hasValidSignature()}, {@link #verify()}.
 *
 * <p>An event keeps its JSON form: an event parsed by {@link NostrJson} keeps the exact bytes it came
 * in (unknown extra fields included) and {@link #json()} serves them back verbatim, so stores and the
 * relay never re-serialize on the read path. An event built in code gets a compact JSON form once, at
 * construction.
 *
 * <p>Two events are equal when their ids are equal.
 */
public final class Event {

    /** Length of a hex id, pubkey. */
    public static final int HEX_ID_LENGTH = 64;
    /** Length of a hex signature. */
    public static final int HEX_SIG_LENGTH = 128;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    private final String id;
    private final String pubkey;
    private final long createdAt;
    private final int kind;
    private final List<List<String>> tags;
    private final String content;
    private final String sig;
    private final byte[] json;
    /** {@link #expiresAt()} once computed, else {@link #EXPIRATION_UNKNOWN}. */
    private volatile long expiresAt = EXPIRATION_UNKNOWN;
    private static final long EXPIRATION_UNKNOWN = Long.MIN_VALUE;

    private Event(String id, String pubkey, long createdAt, int kind, List<List<String>> tags, String content,
                  String sig, byte @Nullable [] json, boolean hexDigitsChecked) {
        this.id = requireHex("id", id, HEX_ID_LENGTH, hexDigitsChecked);
        this.pubkey = requireHex("pubkey", pubkey, HEX_ID_LENGTH, hexDigitsChecked);
        this.sig = requireHex("sig", sig, HEX_SIG_LENGTH, hexDigitsChecked);
        if (createdAt < 0) {
            throw new InvalidEventException("created_at", "must be a non-negative integer, got " + createdAt);
        }
        if (kind < KindClass.MIN_KIND || kind > KindClass.MAX_KIND) {
            throw new InvalidEventException("kind", "must be within 0-65535, got " + kind);
        }
        this.createdAt = createdAt;
        this.kind = kind;
        this.tags = copyTags(tags);
        if (content == null) {
            throw new InvalidEventException("content", "is missing");
        }
        this.content = content;
        this.json = json != null ? json : compactJson();
    }

    /**
     * Builds an event from its fields; its JSON form is the compact serialization of these fields.
     *
     * @param id the id (64 lowercase hex characters)
     * @param pubkey the author's public key (64 lowercase hex characters)
     * @param createdAt creation time in seconds since the epoch
     * @param kind the event kind (0-65535)
     * @param tags the tags, each a list whose first element is the tag name
     * @param content the content
     * @param sig the Schnorr signature (128 lowercase hex characters)
     * @return the event
     * @throws InvalidEventException if a field has the wrong shape (see the class description)
     */
    public static Event of(String id, String pubkey, long createdAt, int kind, List<List<String>> tags,
                           String content, String sig) {
        return new Event(id, pubkey, createdAt, kind, tags, content, sig, null, false);
    }

    /**
     * Builds an event that keeps {@code json} as its exact JSON form; only for {@link NostrJson}, which
     * passes {@code hexDigitsChecked} for bytes it accepted before (then only the lengths are checked).
     */
    static Event withJson(String id, String pubkey, long createdAt, int kind, List<List<String>> tags,
                          String content, String sig, byte[] json, boolean hexDigitsChecked) {
        return new Event(id, pubkey, createdAt, kind, tags, content, sig, json, hexDigitsChecked);
    }

    private static String requireHex(String field, String value, int length, boolean digitsChecked) {
        if (value == null) {
            throw new InvalidEventException(field, "is missing");
        }
        if (digitsChecked ? value.length() != length : !Hex.isLowerHex(value, length)) {
            throw new InvalidEventException(field, "must be " + length + " lowercase hex characters");
        }
        return value;
    }

    private static List<List<String>> copyTags(List<List<String>> tags) {
        if (tags == null) {
            throw new InvalidEventException("tags", "is missing");
        }
        List<List<String>> copy = new ArrayList<>(tags.size());
        for (int i = 0; i < tags.size(); i++) {
            List<String> tag = tags.get(i);
            if (tag == null) {
                throw new InvalidEventException("tags", "tag " + i + " is null");
            }
            for (String value : tag) {
                if (value == null) {
                    throw new InvalidEventException("tags", "tag " + i + " holds a null value");
                }
            }
            copy.add(List.copyOf(tag));
        }
        return List.copyOf(copy);
    }

    /**
     * The canonical NIP-01 serialization {@code [0,pubkey,created_at,kind,tags,content]} as UTF-8,
     * whose SHA-256 is the event id.
     *
     * @param pubkey the author's public key (64 lowercase hex characters)
     * @param createdAt creation time in seconds since the epoch
     * @param kind the event kind (0-65535)
     * @param tags the tags, each a list whose first element is the tag name
     * @param content the content
     * @return the canonical NIP-01 serialization {@code [0,pubkey,created_at,kind,tags,content]} as UTF-8, whose SHA-256 is the event id
     * @throws InvalidEventException if a string holds an unpaired surrogate, which has no UTF-8 form
     */
    public static byte[] canonicalBytes(String pubkey, long createdAt, int kind, List<List<String>> tags,
                                        String content) {
        return canonical(pubkey, createdAt, kind, tags, content).toBytes();
    }

    /** The SHA-256 of {@link #canonicalBytes}, hashed straight from the serialization buffer. */
    static byte[] canonicalDigest(String pubkey, long createdAt, int kind, List<List<String>> tags, String content) {
        return canonical(pubkey, createdAt, kind, tags, content).digest(SHA256.get());
    }

    private static JsonText canonical(String pubkey, long createdAt, int kind, List<List<String>> tags,
                                      String content) {
        JsonText out = new JsonText(256 + content.length(), JsonText.Escaping.NIP01);
        return out.raw("[0,").string(pubkey, "pubkey").raw(',').number(createdAt).raw(',').number(kind).raw(',')
                .tags(tags, "tags").raw(',').string(content, "content").raw(']');
    }

    /**
     * The id NIP-01 assigns to these fields: lowercase hex SHA-256 of {@link #canonicalBytes}.
     *
     * @param pubkey the author's public key (64 lowercase hex characters)
     * @param createdAt creation time in seconds since the epoch
     * @param kind the event kind (0-65535)
     * @param tags the tags, each a list whose first element is the tag name
     * @param content the content
     * @return the id NIP-01 assigns to these fields: lowercase hex SHA-256 of {@link #canonicalBytes}
     */
    public static String computeId(String pubkey, long createdAt, int kind, List<List<String>> tags, String content) {
        return Hex.encode(canonicalDigest(pubkey, createdAt, kind, tags, content));
    }

    private byte[] compactJson() {
        JsonText out = new JsonText(320 + content.length(), JsonText.Escaping.JSON);
        out.raw("{\"id\":\"").raw(id).raw("\",\"pubkey\":\"").raw(pubkey).raw("\",\"created_at\":").number(createdAt)
                .raw(",\"kind\":").number(kind).raw(",\"tags\":").tags(tags, "tags").raw(",\"content\":")
                .string(content, "content").raw(",\"sig\":\"").raw(sig).raw("\"}");
        return out.toBytes();
    }

    /** {@return whether {@link #id()} is the SHA-256 of the canonical serialization} */
    public boolean hasValidId() {
        return computedDigest() != null;
    }

    /** The SHA-256 of the canonical serialization if it equals the id, else {@code null}. */
    private byte @Nullable [] computedDigest() {
        byte[] digest;
        try {
            digest = canonicalDigest(pubkey, createdAt, kind, tags, content);
        } catch (InvalidEventException e) {
            return null;
        }
        return java.util.Arrays.equals(digest, Hex.decode(id)) ? digest : null;
    }

    /** {@return whether {@link #sig()} is a valid BIP-340 signature of the id by {@link #pubkey()}} */
    public boolean hasValidSignature() {
        return Schnorr.verify(Hex.decode(sig), Hex.decode(id), Hex.decode(pubkey));
    }

    /**
     * Checks the id and then the signature; CPU-bound (tens of microseconds), so call it off event
     * loops.
     *
     * @return this event
     * @throws InvalidEventException with field {@code id} or {@code sig} naming the failed check
     */
    public Event verify() {
        byte[] digest = computedDigest();
        if (digest == null) {
            throw new InvalidEventException("id", "is not the hash of the event");
        }
        if (!Schnorr.verify(Hex.decode(sig), digest, Hex.decode(pubkey))) {
            throw new InvalidEventException("sig", "is not a valid signature of the id by pubkey");
        }
        return this;
    }

    /** {@return the event id: lowercase hex SHA-256 of the canonical serialization} */
    public String id() {
        return id;
    }

    /** {@return the author's public key (64 lowercase hex characters)} */
    public String pubkey() {
        return pubkey;
    }

    /** {@return the creation time in seconds since the epoch} */
    public long createdAt() {
        return createdAt;
    }

    /** {@return the kind (0-65535)} */
    public int kind() {
        return kind;
    }

    /** {@return the tags, unmodifiable} */
    public List<List<String>> tags() {
        return tags;
    }

    /**
     * Calls {@code action} with the name and first value of every tag a NIP-01 {@code #x} filter can
     * match (a single-letter name, at least one value), in tag order; a pair may come more than once.
     * The one place that rule lives for the stores' and the relay's tag indexes.
     *
     * @param action receives the tag name and its value
     */
    public void forEachIndexedTag(BiConsumer<String, String> action) {
        for (List<String> tag : tags) {
            if (tag.size() > 1 && Filter.isTagLetter(tag.get(0))) {
                action.accept(tag.get(0), tag.get(1));
            }
        }
    }

    /** {@return the content} */
    public String content() {
        return content;
    }

    /** {@return the BIP-340 Schnorr signature of the id (128 lowercase hex characters)} */
    public String sig() {
        return sig;
    }

    /** {@return the storage class of this event's kind} */
    public KindClass kindClass() {
        return KindClass.of(kind);
    }

    /**
     * The value of the first tag named {@code name} (its element 1), or {@code null} if there is none
     * or it has no value.
     *
     * @param name the name
     * @return the value of the first tag named {@code name} (its element 1), or {@code null} if there is none or it has no value
     */
    public @Nullable String firstTagValue(String name) {
        for (List<String> tag : tags) {
            if (tag.size() > 1 && tag.get(0).equals(name)) {
                return tag.get(1);
            }
        }
        return null;
    }

    /**
     * The NIP-40 expiration time: the value of the first {@code expiration} tag, in seconds since the epoch.
     * Computed on the first call and remembered (a relay checks it for every stored result it sends).
     *
     * @return the expiration time, or {@link Long#MAX_VALUE} when there is no {@code expiration} tag with a
     *         value or its value is not an integer
     */
    public long expiresAt() {
        long at = expiresAt;
        if (at == EXPIRATION_UNKNOWN) {
            at = Long.MAX_VALUE;
            for (int i = 0, n = tags.size(); i < n; i++) {
                List<String> tag = tags.get(i);
                if (tag.size() > 1 && tag.get(0).equals("expiration")) {
                    try {
                        at = Long.parseLong(tag.get(1));
                    } catch (NumberFormatException e) {
                        at = Long.MAX_VALUE;
                    }
                    break;
                }
            }
            if (at == EXPIRATION_UNKNOWN) {
                at = EXPIRATION_UNKNOWN + 1; // "-9223372036854775808": as long expired, but never the marker
            }
            expiresAt = at;
        }
        return at;
    }

    /**
     * Whether some tag named {@code name} has {@code value} as element 1; this is what the NIP-01
     * tag filter {@code #name} matches.
     *
     * @param name the name
     * @param value the value
     * @return whether some tag named {@code name} has {@code value} as element 1; this is what the NIP-01 tag filter {@code #name} matches
     */
    public boolean hasTag(String name, String value) {
        for (List<String> tag : tags) {
            if (tag.size() > 1 && tag.get(0).equals(name) && tag.get(1).equals(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The replaceable address: {@code kind:pubkey:} for replaceable kinds, {@code kind:pubkey:d} for
     * addressable kinds (a missing {@code d} tag counts as ""), {@code null} for other kinds.
     *
     * @return the replaceable address: {@code kind:pubkey:} for replaceable kinds, {@code kind:pubkey:d} for addressable kinds (a missing {@code d} tag counts as ""), {@code null} for other kinds
     */
    public @Nullable String address() {
        return switch (kindClass()) {
            case REPLACEABLE -> kind + ":" + pubkey + ":";
            case ADDRESSABLE -> {
                String d = firstTagValue("d");
                yield kind + ":" + pubkey + ":" + (d == null ? "" : d);
            }
            default -> null;
        };
    }

    /**
     * Whether this event wins over {@code other} for the same replaceable address: a higher
     * {@code created_at}, or on a tie the lower id.
     *
     * @param other the other one
     * @return whether this event wins over {@code other} for the same replaceable address: a higher {@code created_at}, or on a tie the lower id
     */
    public boolean supersedes(Event other) {
        if (createdAt != other.createdAt) {
            return createdAt > other.createdAt;
        }
        return id.compareTo(other.id) < 0;
    }

    /** {@return the JSON form as a read-only view; no copy is made} */
    public ByteBuffer json() {
        return ByteBuffer.wrap(json).asReadOnlyBuffer();
    }

    /**
     * Writes the JSON form to {@code out} in one {@link OutputStream#write(byte[], int, int)} call, without a
     * copy: for writers that frame stored events into their own buffers (a relay's {@code EVENT} messages).
     * {@code out} must neither modify nor keep the array it is handed, as the {@link OutputStream} contract
     * asks.
     *
     * @param out where the bytes go
     * @throws IOException if {@code out} fails
     */
    public void writeJson(OutputStream out) throws IOException {
        out.write(json, 0, json.length);
    }

    /** The JSON form itself, for this package's writers; never modified. */
    byte[] jsonArray() {
        return json;
    }

    /** {@return a copy of the JSON form's bytes} */
    public byte[] jsonBytes() {
        return json.clone();
    }

    /** {@return length in bytes of the JSON form} */
    public int jsonLength() {
        return json.length;
    }

    /** {@return the JSON form as a string} */
    public String toJson() {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event other && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Event{id=" + id + ", kind=" + kind + ", created_at=" + createdAt + ", pubkey=" + pubkey + "}";
    }
}
