package io.reactivestore.event;

import io.reactivestore.internal.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Strict JSON codec for Nostr events, filters and NIP-01 messages. Thread-safe and stateless.
 *
 * <p>Decoding is strict: not-JSON, a wrong type, a missing field, a duplicate key, a value out of range
 * and nesting deeper than {@value #MAX_NESTING_DEPTH} all fail with an {@link InvalidJsonException} whose
 * {@code field} names the offending path; input that is not strict UTF-8 (overlong forms, encoded
 * surrogates, code points above U+10FFFF, which the JSON parser would let through) fails on {@code "$"};
 * an event whose fields have the wrong shape fails with an
 * {@link InvalidEventException}. No other exception escapes. Unknown fields of an event are skipped
 * but kept: the decoded {@link Event} keeps the exact bytes of its JSON object. Unknown filter fields
 * are an error, since ignoring a condition would return wrong results.
 *
 * <p>Encoding writes compact JSON; an event is written with its own bytes, verbatim.
 */
public final class NostrJson {

    /** Deepest nesting accepted: a message holding an event holding tags is 3 deep. */
    public static final int MAX_NESTING_DEPTH = 16;

    private static final StreamReadConstraints CONSTRAINTS =
            StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build();
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(CONSTRAINTS)
            .build();
    /** For {@link #parseStoredEvent}: no duplicate-key detection. */
    private static final JsonFactory STORED_FACTORY = JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();

    private NostrJson() {
    }

    // ---------------------------------------------------------------- events and filters

    /**
     * Decodes one event from its JSON object; the event keeps these exact bytes.
     *
     * @param json the JSON text
     * @return the event
     */
    public static Event parseEvent(byte[] json) {
        return parseWholeEvent(json, false);
    }

    /**
     * Decodes one event that {@link #parseEvent} accepted before and a store kept since: what those
     * bytes passed once is not checked again (duplicate keys, strict UTF-8, hex digits of id, pubkey
     * and sig), which makes reading stored events about a third cheaper. Everything else is checked
     * as by {@link #parseEvent}; bytes that were never accepted may decode to an event that
     * {@link #parseEvent} would refuse. The event keeps {@code json} itself, not a copy: the caller
     * must not change it afterwards.
     *
     * @param json the JSON text
     * @return the event
     */
    public static Event parseStoredEvent(byte[] json) {
        return parseWholeEvent(json, true);
    }

    private static Event parseWholeEvent(byte[] json, boolean stored) {
        return parse(json, Root.EVENT, stored, (p, src, verb) -> {
            next(p, "$");
            Event event = readEvent(p, src, "", stored);
            expectEnd(p);
            return event;
        });
    }

    /**
     * Decodes one event from a JSON string.
     *
     * @param json the JSON text
     * @return the event
     */
    public static Event parseEvent(String json) {
        return parseEvent(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes one filter object.
     *
     * @param json the JSON text
     * @return the filter
     */
    public static Filter parseFilter(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, Root.FILTER, (p, src, verb) -> {
            next(p, "$");
            Filter filter = readFilter(p, "filter");
            expectEnd(p);
            return filter;
        });
    }

    /**
     * Encodes a filter as a JSON object.
     *
     * @param filter the filter
     * @return the JSON object
     */
    public static String toJson(Filter filter) {
        JsonText out = new JsonText(128, JsonText.Escaping.JSON);
        writeFilter(out, filter);
        return new String(out.toBytes(), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- messages

    /**
     * Decodes a message a client sent. An unknown verb is an {@link InvalidJsonException} on field
     * {@code "[0]"}; {@link InvalidJsonException#field()} paths start with the verb, e.g.
     * {@code "REQ[2].limit"}.
     *
     * @param json the JSON text
     * @return the message
     */
    public static ClientMessage parseClientMessage(byte[] json) {
        return parse(json, Root.MESSAGE, (p, src, verbSeen) -> {
            startArray(p);
            String verb = readString(p, "[0]");
            verbSeen[0] = verb;
            ClientMessage message = switch (verb) {
                case "EVENT" -> new ClientMessage.Publish(readEventElement(p, src, "EVENT[1]"));
                case "AUTH" -> new ClientMessage.Auth(readEventElement(p, src, "AUTH[1]"));
                case "REQ" -> {
                    String sub = readSubscriptionId(p, "REQ[1]");
                    yield new ClientMessage.Req(sub, readFilters(p, "REQ"));
                }
                case "COUNT" -> {
                    String sub = readSubscriptionId(p, "COUNT[1]");
                    yield new ClientMessage.Count(sub, readFilters(p, "COUNT"));
                }
                case "CLOSE" -> {
                    String sub = readSubscriptionId(p, "CLOSE[1]");
                    expectArrayEnd(p, "CLOSE");
                    yield new ClientMessage.Close(sub);
                }
                default -> throw new InvalidJsonException("[0]", "unknown message type '" + verb + "'");
            };
            expectEnd(p);
            return message;
        });
    }

    /**
     * Decodes a message a relay sent.
     *
     * @param json the JSON text
     * @return the message
     */
    public static RelayMessage parseRelayMessage(byte[] json) {
        return parse(json, Root.MESSAGE, (p, src, verbSeen) -> {
            startArray(p);
            String verb = readString(p, "[0]");
            verbSeen[0] = verb;
            RelayMessage message = switch (verb) {
                case "EVENT" -> {
                    String sub = readString(p, "EVENT[1]");
                    Event event = readEventElement(p, src, "EVENT[2]");
                    yield new RelayMessage.EventMessage(sub, event);
                }
                case "OK" -> {
                    String id = readString(p, "OK[1]");
                    next(p, "OK[2]");
                    if (!p.currentToken().isBoolean()) {
                        throw new InvalidJsonException("OK[2]", "must be a boolean");
                    }
                    boolean accepted = p.currentToken() == JsonToken.VALUE_TRUE;
                    String text = readOptionalTrailingString(p, "OK[3]");
                    yield new RelayMessage.Ok(id, accepted, text);
                }
                case "EOSE" -> {
                    String sub = readString(p, "EOSE[1]");
                    expectArrayEnd(p, "EOSE");
                    yield new RelayMessage.Eose(sub);
                }
                case "CLOSED" -> {
                    String sub = readString(p, "CLOSED[1]");
                    yield new RelayMessage.Closed(sub, readOptionalTrailingString(p, "CLOSED[2]"));
                }
                case "NOTICE" -> new RelayMessage.Notice(readOptionalTrailingString(p, "NOTICE[1]"));
                case "AUTH" -> {
                    String challenge = readString(p, "AUTH[1]");
                    expectArrayEnd(p, "AUTH");
                    yield new RelayMessage.AuthChallenge(challenge);
                }
                case "COUNT" -> {
                    String sub = readString(p, "COUNT[1]");
                    yield readCountResult(p, sub);
                }
                default -> throw new InvalidJsonException("[0]", "unknown message type '" + verb + "'");
            };
            expectEnd(p);
            return message;
        });
    }

    /**
     * Encodes a client message.
     *
     * @param message the message
     * @return the JSON array as UTF-8
     */
    public static byte[] write(ClientMessage message) {
        JsonText out = new JsonText(256, JsonText.Escaping.JSON);
        if (message instanceof ClientMessage.Publish m) {
            out.raw("[\"EVENT\",").rawBytes(m.event()).raw(']');
        } else if (message instanceof ClientMessage.Auth m) {
            out.raw("[\"AUTH\",").rawBytes(m.event()).raw(']');
        } else if (message instanceof ClientMessage.Req m) {
            writeFilters(out.raw("[\"REQ\",").string(m.subscriptionId(), "sub"), m.filters());
        } else if (message instanceof ClientMessage.Count m) {
            writeFilters(out.raw("[\"COUNT\",").string(m.subscriptionId(), "sub"), m.filters());
        } else if (message instanceof ClientMessage.Close m) {
            out.raw("[\"CLOSE\",").string(m.subscriptionId(), "sub").raw(']');
        } else {
            throw new IllegalArgumentException("unknown client message " + message);
        }
        return out.toBytes();
    }

    /**
     * Encodes a relay message; an {@code EVENT} is written with the event's own bytes, verbatim.
     *
     * @param message the message
     * @return the JSON array as UTF-8
     */
    public static byte[] write(RelayMessage message) {
        JsonText out = new JsonText(128, JsonText.Escaping.JSON);
        if (message instanceof RelayMessage.EventMessage m) {
            out.raw("[\"EVENT\",").string(m.subscriptionId(), "sub").raw(',').rawBytes(m.event()).raw(']');
        } else if (message instanceof RelayMessage.Ok m) {
            out.raw("[\"OK\",").string(m.eventId(), "id").raw(m.accepted() ? ",true," : ",false,")
                    .string(m.message(), "message").raw(']');
        } else if (message instanceof RelayMessage.Eose m) {
            out.raw("[\"EOSE\",").string(m.subscriptionId(), "sub").raw(']');
        } else if (message instanceof RelayMessage.Closed m) {
            out.raw("[\"CLOSED\",").string(m.subscriptionId(), "sub").raw(',').string(m.message(), "message").raw(']');
        } else if (message instanceof RelayMessage.Notice m) {
            out.raw("[\"NOTICE\",").string(m.message(), "message").raw(']');
        } else if (message instanceof RelayMessage.AuthChallenge m) {
            out.raw("[\"AUTH\",").string(m.challenge(), "challenge").raw(']');
        } else if (message instanceof RelayMessage.CountResult m) {
            out.raw("[\"COUNT\",").string(m.subscriptionId(), "sub").raw(",{\"count\":").number(m.count());
            if (m.approximate()) {
                out.raw(",\"approximate\":true");
            }
            out.raw("}]");
        } else {
            throw new IllegalArgumentException("unknown relay message " + message);
        }
        return out.toBytes();
    }

    // ---------------------------------------------------------------- reading

    @FunctionalInterface
    private interface Reader<T> {
        /** Reads from {@code parser}; a message reader stores its verb in {@code verb[0]} once read. */
        T read(JsonParser parser, byte[] source, String[] verb);
    }

    /** What the document is, to name paths in errors the JSON parser itself raises. */
    private enum Root { EVENT, FILTER, MESSAGE }

    private static <T> T parse(byte[] json, Root root, Reader<T> reader) {
        return parse(json, root, false, reader);
    }

    /** {@code stored}: bytes accepted before, decoded without the checks they passed (see {@link #parseStoredEvent}). */
    private static <T> T parse(byte[] json, Root root, boolean stored, Reader<T> reader) {
        String[] verb = new String[1];
        JsonParser p = (stored ? STORED_FACTORY : FACTORY).createParser(ObjectReadContext.empty(), json);
        T value;
        try {
            value = reader.read(p, json, verb);
        } catch (JacksonException e) {
            throw new InvalidJsonException(pathOf(p.streamReadContext(), root, verb[0]),
                    "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidJsonException("filter", e.getMessage(), e);
        } finally {
            p.close();
        }
        int invalid = stored ? -1 : Utf8.firstInvalid(json);
        if (invalid >= 0) {
            throw new InvalidJsonException("$", "invalid UTF-8 at byte " + invalid);
        }
        return value;
    }

    /**
     * The path, in this codec's syntax ({@code "tags[0][1]"}, {@code "REQ[2].limit"}), of where the parser
     * stood when it failed (a duplicate key names that key), or {@code "$"} outside any value.
     */
    private static String pathOf(TokenStreamContext context, Root root, String verb) {
        List<TokenStreamContext> chain = new ArrayList<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.add(c);
        }
        Collections.reverse(chain);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < chain.size(); i++) {
            TokenStreamContext c = chain.get(i);
            if (c.inArray()) {
                int index = c.getCurrentIndex();
                if (i == 0 && root == Root.MESSAGE && verb != null && index > 0) {
                    path.append(verb);
                }
                path.append('[').append(index).append(']');
            } else {
                String name = c.currentName();
                if (name == null) {
                    break;
                }
                if (path.length() > 0) {
                    path.append('.');
                } else if (root == Root.FILTER) {
                    path.append("filter.");
                }
                path.append(name);
            }
        }
        return path.length() == 0 ? "$" : path.toString();
    }

    private static void next(JsonParser p, String path) {
        if (p.nextToken() == null) {
            throw new InvalidJsonException(path, "unexpected end of input");
        }
    }

    private static void startArray(JsonParser p) {
        next(p, "$");
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidJsonException("$", "a message must be a JSON array");
        }
    }

    private static void expectEnd(JsonParser p) {
        if (p.nextToken() != null) {
            throw new InvalidJsonException("$", "trailing content after the JSON value");
        }
    }

    private static void expectArrayEnd(JsonParser p, String verb) {
        if (p.nextToken() != JsonToken.END_ARRAY) {
            throw new InvalidJsonException(verb, "too many elements");
        }
    }

    private static String readString(JsonParser p, String path) {
        next(p, path);
        return currentString(p, path);
    }

    private static String currentString(JsonParser p, String path) {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new InvalidJsonException(path, "must be a string");
        }
        return p.getString();
    }

    private static String readSubscriptionId(JsonParser p, String path) {
        String sub = readString(p, path);
        if (sub.isEmpty() || sub.length() > 64) {
            throw new InvalidJsonException(path, "subscription id must be 1-64 characters");
        }
        return sub;
    }

    /** Reads an optional last string element (NOTICE/OK/CLOSED texts); missing means "". */
    private static String readOptionalTrailingString(JsonParser p, String path) {
        next(p, path);
        if (p.currentToken() == JsonToken.END_ARRAY) {
            return "";
        }
        String text = currentString(p, path);
        if (p.nextToken() != JsonToken.END_ARRAY) {
            throw new InvalidJsonException(path, "too many elements");
        }
        return text;
    }

    private static Event readEventElement(JsonParser p, byte[] src, String path) {
        next(p, path);
        Event event = readEvent(p, src, path + ".", false);
        expectArrayEnd(p, path);
        return event;
    }

    /** {@code stored}: see {@link #parseStoredEvent}; such an event keeps {@code src} itself when it is all of it. */
    private static Event readEvent(JsonParser p, byte[] src, String prefix, boolean stored) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidJsonException(prefix.isEmpty() ? "$" : prefix.substring(0, prefix.length() - 1),
                    "an event must be a JSON object");
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        String id = null;
        String pubkey = null;
        String sig = null;
        String content = null;
        Long createdAt = null;
        Integer kind = null;
        List<List<String>> tags = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            next(p, prefix + name);
            switch (name) {
                case "id" -> id = currentString(p, prefix + name);
                case "pubkey" -> pubkey = currentString(p, prefix + name);
                case "sig" -> sig = currentString(p, prefix + name);
                case "content" -> content = currentString(p, prefix + name);
                case "created_at" -> createdAt = readNonNegativeLong(p, prefix + name);
                case "kind" -> kind = readKind(p, prefix + name);
                case "tags" -> tags = readTags(p, prefix + name);
                default -> p.skipChildren();
            }
        }
        int end = (int) p.currentLocation().getByteOffset();
        requirePresent(id, prefix + "id");
        requirePresent(pubkey, prefix + "pubkey");
        requirePresent(createdAt, prefix + "created_at");
        requirePresent(kind, prefix + "kind");
        requirePresent(tags, prefix + "tags");
        requirePresent(content, prefix + "content");
        requirePresent(sig, prefix + "sig");
        byte[] json = stored && start == 0 && end == src.length ? src : Arrays.copyOfRange(src, start, end);
        return Event.withJson(id, pubkey, createdAt, kind, tags, content, sig, json, stored);
    }

    private static void requirePresent(Object value, String path) {
        if (value == null) {
            throw new InvalidJsonException(path, "is missing");
        }
    }

    private static long readNonNegativeLong(JsonParser p, String path) {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new InvalidJsonException(path, "must be an integer");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new InvalidJsonException(path, "is out of range");
        }
        long value = p.getLongValue();
        if (value < 0) {
            throw new InvalidJsonException(path, "must be non-negative");
        }
        return value;
    }

    private static int readKind(JsonParser p, String path) {
        long value = readNonNegativeLong(p, path);
        if (value > KindClass.MAX_KIND) {
            throw new InvalidJsonException(path, "must be within 0-65535");
        }
        return (int) value;
    }

    private static List<List<String>> readTags(JsonParser p, String path) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidJsonException(path, "must be an array of arrays of strings");
        }
        List<List<String>> tags = new ArrayList<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw new InvalidJsonException(path + "[" + i + "]", "must be an array of strings");
            }
            List<String> tag = new ArrayList<>(3);
            for (int j = 0; p.nextToken() != JsonToken.END_ARRAY; j++) {
                tag.add(currentString(p, path + "[" + i + "][" + j + "]"));
            }
            tags.add(tag);
        }
        return tags;
    }

    private static List<Filter> readFilters(JsonParser p, String verb) {
        List<Filter> filters = new ArrayList<>();
        for (int i = 2; p.nextToken() != JsonToken.END_ARRAY; i++) {
            if (p.currentToken() == null) {
                throw new InvalidJsonException(verb, "unexpected end of input");
            }
            filters.add(readFilter(p, verb + "[" + i + "]"));
        }
        if (filters.isEmpty()) {
            throw new InvalidJsonException(verb + "[2]", "at least one filter is required");
        }
        return filters;
    }

    private static Filter readFilter(JsonParser p, String path) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidJsonException(path, "a filter must be a JSON object");
        }
        Set<String> ids = null;
        Set<String> authors = null;
        Set<Integer> kinds = null;
        Map<String, Set<String>> tags = new LinkedHashMap<>();
        Long since = null;
        Long until = null;
        Integer limit = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            String at = path + "." + name;
            next(p, at);
            switch (name) {
                case "ids" -> ids = readHexSet(p, at);
                case "authors" -> authors = readHexSet(p, at);
                case "kinds" -> kinds = readKinds(p, at);
                case "since" -> since = readNonNegativeLong(p, at);
                case "until" -> until = readNonNegativeLong(p, at);
                case "limit" -> {
                    long value = readNonNegativeLong(p, at);
                    limit = (int) Math.min(value, Integer.MAX_VALUE);
                }
                default -> {
                    if (name.length() == 2 && name.charAt(0) == '#' && Filter.isTagLetter(name.substring(1))) {
                        tags.put(name.substring(1), readStringSet(p, at));
                    } else {
                        throw new InvalidJsonException(at, "unsupported filter field");
                    }
                }
            }
        }
        try {
            return new Filter(ids, authors, kinds, tags, since, until, limit);
        } catch (IllegalArgumentException e) {
            throw new InvalidJsonException(path, e.getMessage(), e);
        }
    }

    private static Set<String> readStringSet(JsonParser p, String path) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidJsonException(path, "must be an array of strings");
        }
        Set<String> values = new LinkedHashSet<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            values.add(currentString(p, path + "[" + i + "]"));
        }
        return values;
    }

    private static Set<String> readHexSet(JsonParser p, String path) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidJsonException(path, "must be an array of strings");
        }
        Set<String> values = new LinkedHashSet<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            String value = currentString(p, path + "[" + i + "]");
            if (!Hex.isLowerHex(value, Event.HEX_ID_LENGTH)) {
                throw new InvalidJsonException(path + "[" + i + "]", "must be 64 lowercase hex characters");
            }
            values.add(value);
        }
        return values;
    }

    private static Set<Integer> readKinds(JsonParser p, String path) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidJsonException(path, "must be an array of integers");
        }
        Set<Integer> values = new LinkedHashSet<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            values.add(readKind(p, path + "[" + i + "]"));
        }
        return values;
    }

    private static RelayMessage.CountResult readCountResult(JsonParser p, String sub) {
        next(p, "COUNT[2]");
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidJsonException("COUNT[2]", "must be an object");
        }
        Long count = null;
        boolean approximate = false;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            next(p, "COUNT[2]." + name);
            switch (name) {
                case "count" -> count = readNonNegativeLong(p, "COUNT[2].count");
                case "approximate" -> {
                    if (!p.currentToken().isBoolean()) {
                        throw new InvalidJsonException("COUNT[2].approximate", "must be a boolean");
                    }
                    approximate = p.currentToken() == JsonToken.VALUE_TRUE;
                }
                default -> p.skipChildren();
            }
        }
        requirePresent(count, "COUNT[2].count");
        expectArrayEnd(p, "COUNT");
        return new RelayMessage.CountResult(sub, count, approximate);
    }

    // ---------------------------------------------------------------- writing

    private static JsonText writeFilters(JsonText out, List<Filter> filters) {
        for (Filter f : filters) {
            out.raw(',');
            writeFilter(out, f);
        }
        return out.raw(']');
    }

    private static void writeFilter(JsonText out, Filter f) {
        out.raw('{');
        boolean[] first = {true};
        Runnable comma = () -> {
            if (!first[0]) {
                out.raw(',');
            }
            first[0] = false;
        };
        if (f.ids() != null) {
            comma.run();
            writeStrings(out.raw("\"ids\":"), f.ids());
        }
        if (f.authors() != null) {
            comma.run();
            writeStrings(out.raw("\"authors\":"), f.authors());
        }
        if (f.kinds() != null) {
            comma.run();
            out.raw("\"kinds\":[");
            int i = 0;
            for (Integer k : f.kinds().stream().sorted().toList()) {
                if (i++ > 0) {
                    out.raw(',');
                }
                out.number(k);
            }
            out.raw(']');
        }
        f.tags().forEach((name, values) -> {
            comma.run();
            writeStrings(out.raw("\"#").raw(name).raw("\":"), values);
        });
        if (f.since() != null) {
            comma.run();
            out.raw("\"since\":").number(f.since());
        }
        if (f.until() != null) {
            comma.run();
            out.raw("\"until\":").number(f.until());
        }
        if (f.limit() != null) {
            comma.run();
            out.raw("\"limit\":").number(f.limit());
        }
        out.raw('}');
    }

    private static void writeStrings(JsonText out, Set<String> values) {
        out.raw('[');
        int i = 0;
        for (String v : values.stream().sorted().toList()) {
            if (i++ > 0) {
                out.raw(',');
            }
            out.string(v, "filter");
        }
        out.raw(']');
    }
}
