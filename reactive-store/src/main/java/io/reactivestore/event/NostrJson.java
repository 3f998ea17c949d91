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
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Strict JSON codec for Nostr events and filters, and the strict reading and writing that message codecs build on
 * ({@link #parseMessage}, {@link MessageWriter}). Thread-safe and stateless.
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
            Filter filter = readFilter(p, "filter", -1);
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
     * Decodes a message-shaped document, a JSON array whose first element names it, with the same strictness
     * and error paths as the rest of this codec: {@code reader} walks the array through a {@link MessageReader},
     * which names the paths of the parser's own errors after the verb it read ({@code "REQ[2].limit"}). The wire
     * protocol itself (which verbs, which elements) belongs to the caller; this codec knows events and filters.
     *
     * @param json the JSON text
     * @param reader reads the message, ending with {@link MessageReader#end()}
     * @param <T> what the reader returns
     * @return what the reader returned
     * @throws InvalidJsonException if the document is not a valid message of the reader's shape
     */
    public static <T> T parseMessage(byte[] json, Function<MessageReader, T> reader) {
        return parse(json, Root.MESSAGE, (p, src, verb) -> reader.apply(new MessageReader(p, src, verb)));
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
            throw new InvalidJsonException("filter", Objects.requireNonNullElse(e.getMessage(), "invalid filter"), e);
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

    static void next(JsonParser p, String path) {
        if (p.nextToken() == null) {
            throw new InvalidJsonException(path, "unexpected end of input");
        }
    }

    static void startArray(JsonParser p) {
        next(p, "$");
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidJsonException("$", "a message must be a JSON array");
        }
    }

    static void expectEnd(JsonParser p) {
        if (p.nextToken() != null) {
            throw new InvalidJsonException("$", "trailing content after the JSON value");
        }
    }

    static void expectArrayEnd(JsonParser p, String verb) {
        if (p.nextToken() != JsonToken.END_ARRAY) {
            throw new InvalidJsonException(verb, "too many elements");
        }
    }

    static String readString(JsonParser p, String path) {
        next(p, path);
        return currentString(p, path);
    }

    static String currentString(JsonParser p, String path) {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new InvalidJsonException(path, "must be a string");
        }
        return p.getString();
    }

    static String readSubscriptionId(JsonParser p, String path) {
        String sub = readString(p, path);
        if (sub.isEmpty() || sub.length() > 64) {
            throw new InvalidJsonException(path, "subscription id must be 1-64 characters");
        }
        return sub;
    }

    /** Reads an optional last string element (NOTICE/OK/CLOSED texts); missing means "". */
    static String readOptionalTrailingString(JsonParser p, String path) {
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

    static Event readEventElement(JsonParser p, byte[] src, String path) {
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
        long createdAt = -1;
        int kind = -1;
        List<List<String>> tags = null;
        // paths of errors ("EVENT[1].tags[0][1]") are built only when one is thrown, never per field
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            if (p.nextToken() == null) {
                throw new InvalidJsonException(prefix + name, "unexpected end of input");
            }
            switch (name) {
                case "id" -> id = fieldString(p, prefix, name);
                case "pubkey" -> pubkey = fieldString(p, prefix, name);
                case "sig" -> sig = fieldString(p, prefix, name);
                case "content" -> content = fieldString(p, prefix, name);
                case "created_at" -> createdAt = fieldNonNegativeLong(p, prefix, name);
                case "kind" -> kind = fieldKind(p, prefix, name);
                case "tags" -> tags = readTags(p, prefix, name);
                default -> p.skipChildren();
            }
        }
        int end = (int) p.currentLocation().getByteOffset();
        String presentId = present(id, prefix, "id");
        String presentPubkey = present(pubkey, prefix, "pubkey");
        requirePresent(createdAt >= 0, prefix, "created_at");
        requirePresent(kind >= 0, prefix, "kind");
        List<List<String>> presentTags = present(tags, prefix, "tags");
        String presentContent = present(content, prefix, "content");
        String presentSig = present(sig, prefix, "sig");
        byte[] json = stored && start == 0 && end == src.length ? src : Arrays.copyOfRange(src, start, end);
        return Event.withJson(presentId, presentPubkey, createdAt, kind, presentTags, presentContent, presentSig, json,
                stored);
    }

    private static <T> T present(@Nullable T value, String prefix, String name) {
        if (value == null) {
            throw new InvalidJsonException(prefix + name, "is missing");
        }
        return value;
    }

    private static void requirePresent(boolean present, String prefix, String name) {
        if (!present) {
            throw new InvalidJsonException(prefix + name, "is missing");
        }
    }

    /** The string value of field {@code name} the parser stands on; the path is built only for an error. */
    private static String fieldString(JsonParser p, String prefix, String name) {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        return currentString(p, prefix + name);
    }

    /** The non-negative integer value of field {@code name} the parser stands on; the path is built only for an error. */
    private static long fieldNonNegativeLong(JsonParser p, String prefix, String name) {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long value = p.getLongValue();
            if (value >= 0) {
                return value;
            }
        }
        return readNonNegativeLong(p, prefix + name);
    }

    private static int fieldKind(JsonParser p, String prefix, String name) {
        long value = fieldNonNegativeLong(p, prefix, name);
        if (value > KindClass.MAX_KIND) {
            throw new InvalidJsonException(prefix + name, "must be within 0-65535");
        }
        return (int) value;
    }

    static long readNonNegativeLong(JsonParser p, String path) {
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

    private static List<List<String>> readTags(JsonParser p, String prefix, String name) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidJsonException(prefix + name, "must be an array of arrays of strings");
        }
        List<List<String>> tags = new ArrayList<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw new InvalidJsonException(prefix + name + "[" + i + "]", "must be an array of strings");
            }
            List<String> tag = new ArrayList<>(3);
            for (int j = 0; p.nextToken() != JsonToken.END_ARRAY; j++) {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    throw new InvalidJsonException(prefix + name + "[" + i + "][" + j + "]", "must be a string");
                }
                tag.add(p.getString());
            }
            tags.add(tag);
        }
        return tags;
    }

    static List<Filter> readFilters(JsonParser p, String verb) {
        List<Filter> filters = new ArrayList<>();
        for (int i = 2; p.nextToken() != JsonToken.END_ARRAY; i++) {
            if (p.currentToken() == null) {
                throw new InvalidJsonException(verb, "unexpected end of input");
            }
            filters.add(readFilter(p, verb, i));
        }
        if (filters.isEmpty()) {
            throw new InvalidJsonException(verb + "[2]", "at least one filter is required");
        }
        return filters;
    }

    /**
     * The path of a filter: {@code base} itself for a lone filter ({@code index} negative), else element
     * {@code index} of the message {@code base} ({@code "REQ[2]"}). Built only when an error is thrown.
     */
    private static String filterPath(String base, int index) {
        return index < 0 ? base : base + "[" + index + "]";
    }

    /** Reads a filter object; its path is {@link #filterPath filterPath(base, index)}, built only for an error. */
    private static Filter readFilter(JsonParser p, String base, int index) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidJsonException(filterPath(base, index), "a filter must be a JSON object");
        }
        Set<String> ids = null;
        Set<String> authors = null;
        Set<Integer> kinds = null;
        Map<String, Set<String>> tags = new LinkedHashMap<>();
        Long since = null;
        Long until = null;
        Integer limit = null;
        String search = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            if (p.nextToken() == null) {
                throw new InvalidJsonException(filterPath(base, index) + "." + name, "unexpected end of input");
            }
            switch (name) {
                case "ids" -> ids = readHexSet(p, base, index, name);
                case "authors" -> authors = readHexSet(p, base, index, name);
                case "kinds" -> kinds = readKinds(p, base, index, name);
                case "since" -> since = fieldNonNegativeLong(p, filterPath(base, index) + ".", name);
                case "until" -> until = fieldNonNegativeLong(p, filterPath(base, index) + ".", name);
                case "limit" -> {
                    long value = fieldNonNegativeLong(p, filterPath(base, index) + ".", name);
                    limit = (int) Math.min(value, Integer.MAX_VALUE);
                }
                case "search" -> search = currentString(p, filterPath(base, index) + ".search");
                default -> {
                    if (name.length() == 2 && name.charAt(0) == '#' && Filter.isTagLetter(name.substring(1))) {
                        tags.put(name.substring(1), readStringSet(p, base, index, name));
                    } else {
                        throw new InvalidJsonException(filterPath(base, index) + "." + name, "unsupported filter field");
                    }
                }
            }
        }
        try {
            return new Filter(ids, authors, kinds, tags, since, until, limit, search);
        } catch (IllegalArgumentException e) {
            throw new InvalidJsonException(filterPath(base, index),
                    Objects.requireNonNullElse(e.getMessage(), "invalid filter"), e);
        }
    }

    /** The path of element {@code i} of field {@code name} of a filter, for an error. */
    private static String elementPath(String base, int index, String name, int i) {
        return filterPath(base, index) + "." + name + "[" + i + "]";
    }

    private static Set<String> readStringSet(JsonParser p, String base, int index, String name) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidJsonException(filterPath(base, index) + "." + name, "must be an array of strings");
        }
        Set<String> values = new LinkedHashSet<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new InvalidJsonException(elementPath(base, index, name, i), "must be a string");
            }
            values.add(p.getString());
        }
        return values;
    }

    private static Set<String> readHexSet(JsonParser p, String base, int index, String name) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidJsonException(filterPath(base, index) + "." + name, "must be an array of strings");
        }
        Set<String> values = new LinkedHashSet<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new InvalidJsonException(elementPath(base, index, name, i), "must be a string");
            }
            String value = p.getString();
            if (!Hex.isLowerHex(value, Event.HEX_ID_LENGTH)) {
                throw new InvalidJsonException(elementPath(base, index, name, i), "must be 64 lowercase hex characters");
            }
            values.add(value);
        }
        return values;
    }

    private static Set<Integer> readKinds(JsonParser p, String base, int index, String name) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidJsonException(filterPath(base, index) + "." + name, "must be an array of integers");
        }
        Set<Integer> values = new LinkedHashSet<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            long value = p.currentToken() == JsonToken.VALUE_NUMBER_INT
                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER ? p.getLongValue() : -1;
            if (value < 0 || value > KindClass.MAX_KIND) {
                value = readNonNegativeLong(p, elementPath(base, index, name, i));
                if (value > KindClass.MAX_KIND) {
                    throw new InvalidJsonException(elementPath(base, index, name, i), "must be within 0-65535");
                }
            }
            values.add((int) value);
        }
        return values;
    }

    // ---------------------------------------------------------------- writing

    static JsonText writeFilters(JsonText out, List<Filter> filters) {
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
        if (f.search() != null) {
            comma.run();
            out.raw("\"search\":").string(f.search(), "filter");
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
