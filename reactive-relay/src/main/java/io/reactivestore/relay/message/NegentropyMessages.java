package io.reactivestore.relay.message;

import io.reactivestore.event.Filter;
import io.reactivestore.event.InvalidEventException;
import io.reactivestore.event.InvalidJsonException;
import io.reactivestore.event.NostrJson;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The NIP-77 JSON envelope: recognises, decodes and encodes {@code NEG-OPEN}, {@code NEG-MSG},
 * {@code NEG-CLOSE} and {@code NEG-ERR}. Stateless and thread-safe.
 */
public final class NegentropyMessages {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] PREFIX = "\"NEG-".getBytes(StandardCharsets.US_ASCII);
    /** The longest subscription id accepted, as for REQ. */
    public static final int MAX_SUBSCRIPTION_ID_LENGTH = 64;

    private NegentropyMessages() {
    }

    /**
     * Whether {@code json} is a JSON array whose first element is a string starting with {@code NEG-}: a
     * cheap look at the first bytes, for routing before a full decode.
     *
     * @param json a WebSocket text message
     * @return whether it is meant as a NIP-77 message
     */
    public static boolean isNegentropy(byte[] json) {
        int i = skipSpace(json, 0);
        if (i >= json.length || json[i] != '[') {
            return false;
        }
        i = skipSpace(json, i + 1);
        if (i + PREFIX.length > json.length) {
            return false;
        }
        for (int k = 0; k < PREFIX.length; k++) {
            if (json[i + k] != PREFIX[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes a NIP-77 message. Never throws for bad input: malformed messages come back as
     * {@link NegentropyMessage.Invalid} with an {@code invalid:} reason.
     *
     * @param json the message's UTF-8 bytes
     * @return the message, or {@link NegentropyMessage.Invalid}
     */
    public static NegentropyMessage parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            return new NegentropyMessage.Invalid(null, "invalid: not JSON");
        }
        if (root == null || !root.isArray() || root.size() < 2 || !root.get(0).isString()) {
            return new NegentropyMessage.Invalid(null, "invalid: a NEG message is an array of a verb and a subscription id");
        }
        String verb = root.get(0).asString();
        JsonNode idNode = root.get(1);
        if (!idNode.isString() || idNode.asString().isEmpty()
                || idNode.asString().length() > MAX_SUBSCRIPTION_ID_LENGTH) {
            return new NegentropyMessage.Invalid(null, "invalid: subscription id must be a string of 1 to "
                    + MAX_SUBSCRIPTION_ID_LENGTH + " characters");
        }
        String sub = idNode.asString();
        switch (verb) {
            case "NEG-OPEN": {
                if (root.size() != 4 || !root.get(2).isObject() || !root.get(3).isString()) {
                    return new NegentropyMessage.Invalid(sub, "invalid: NEG-OPEN is [\"NEG-OPEN\", id, filter, hex]");
                }
                Filter filter;
                try {
                    filter = NostrJson.parseFilter(root.get(2).toString());
                } catch (InvalidJsonException | InvalidEventException e) {
                    return new NegentropyMessage.Invalid(sub, "invalid: bad filter: " + e.getMessage());
                }
                byte[] message = decodeHex(root.get(3).asString());
                return message == null ? badHex(sub) : new NegentropyMessage.Open(sub, filter, message);
            }
            case "NEG-MSG": {
                if (root.size() != 3 || !root.get(2).isString()) {
                    return new NegentropyMessage.Invalid(sub, "invalid: NEG-MSG is [\"NEG-MSG\", id, hex]");
                }
                byte[] message = decodeHex(root.get(2).asString());
                return message == null ? badHex(sub) : new NegentropyMessage.Msg(sub, message);
            }
            case "NEG-CLOSE":
                return new NegentropyMessage.Close(sub);
            case "NEG-ERR":
                return new NegentropyMessage.Err(sub, root.size() > 2 && root.get(2).isString()
                        ? root.get(2).asString() : "");
            default:
                return new NegentropyMessage.Invalid(sub, "invalid: unknown message type " + verb);
        }
    }

    /**
     * Encodes a message as JSON.
     *
     * @param message the message; {@link NegentropyMessage.Invalid} cannot be encoded
     * @return the UTF-8 JSON bytes
     * @throws IllegalArgumentException for {@link NegentropyMessage.Invalid}
     */
    public static byte[] write(NegentropyMessage message) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        if (message instanceof NegentropyMessage.Open m) {
            array.add("NEG-OPEN").add(m.subscriptionId());
            array.add(JSON.readTree(NostrJson.toJson(m.filter())));
            array.add(HexFormat.of().formatHex(m.message()));
        } else if (message instanceof NegentropyMessage.Msg m) {
            array.add("NEG-MSG").add(m.subscriptionId()).add(HexFormat.of().formatHex(m.message()));
        } else if (message instanceof NegentropyMessage.Close m) {
            array.add("NEG-CLOSE").add(m.subscriptionId());
        } else if (message instanceof NegentropyMessage.Err m) {
            array.add("NEG-ERR").add(m.subscriptionId()).add(m.reason());
        } else {
            throw new IllegalArgumentException("cannot encode " + message);
        }
        return JSON.writeValueAsBytes(array);
    }

    private static NegentropyMessage badHex(String sub) {
        return new NegentropyMessage.Invalid(sub, "invalid: the negentropy message is not hex");
    }

    /** Hex (either case) to bytes, or {@code null} if it is not hex. */
    static byte @Nullable [] decodeHex(String hex) {
        if ((hex.length() & 1) != 0) {
            return null;
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = hexDigit(hex.charAt(2 * i));
            int lo = hexDigit(hex.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static int skipSpace(byte[] json, int i) {
        while (i < json.length && (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** An ASCII hex digit's value (either case), or -1. */
    private static int hexDigit(char c) {
        return HexFormat.isHexDigit(c) ? HexFormat.fromHexDigit(c) : -1;
    }
}
