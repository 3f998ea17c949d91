package io.reactivestore.event;

import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Walks one message-shaped JSON document (an array whose first element is its verb) for
 * {@link NostrJson#parseMessage}, element by element, with the codec's strictness: every method reads the
 * next element and fails with an {@link InvalidJsonException} naming {@code path} when it is missing or has
 * the wrong type. Events and filters are decoded exactly as {@link NostrJson#parseEvent} and
 * {@link NostrJson#parseFilter} decode them. Valid only inside the reader function it was given to; not
 * thread-safe.
 */
public final class MessageReader {

    /** Reads the fields of a JSON object, one call per field, with the reader standing on its value. */
    @FunctionalInterface
    public interface FieldReader {
        /**
         * Reads the value of one field, or skips it with {@link MessageReader#skipValue()}.
         *
         * @param name the field's name
         * @param reader the reader, standing on the field's value
         */
        void field(String name, MessageReader reader);
    }

    private final JsonParser parser;
    private final byte[] source;
    private final String[] verb;

    MessageReader(JsonParser parser, byte[] source, String[] verb) {
        this.parser = parser;
        this.source = source;
        this.verb = verb;
    }

    /**
     * Reads the opening of the array and its first element, the verb; later parser errors are named after it.
     *
     * @return the verb
     */
    public String verb() {
        NostrJson.startArray(parser);
        String read = NostrJson.readString(parser, "[0]");
        verb[0] = read;
        return read;
    }

    /**
     * Reads a string element.
     *
     * @param path the element's path, for errors
     * @return the string
     */
    public String string(String path) {
        return NostrJson.readString(parser, path);
    }

    /**
     * Reads a subscription id: a string of 1 to 64 characters.
     *
     * @param path the element's path, for errors
     * @return the subscription id
     */
    public String subscriptionId(String path) {
        return NostrJson.readSubscriptionId(parser, path);
    }

    /**
     * Reads an optional last string element and the end of the array; a missing element reads as {@code ""}.
     *
     * @param path the element's path, for errors
     * @return the string, or {@code ""}
     */
    public String optionalLastString(String path) {
        return NostrJson.readOptionalTrailingString(parser, path);
    }

    /**
     * Reads a boolean element.
     *
     * @param path the element's path, for errors
     * @return the boolean
     */
    public boolean bool(String path) {
        NostrJson.next(parser, path);
        return currentBool(path);
    }

    /**
     * Reads an event element, which must be the last of the array, and the end of the array.
     *
     * @param path the element's path, for errors
     * @return the event, keeping its exact bytes
     */
    public Event lastEvent(String path) {
        return NostrJson.readEventElement(parser, source, path);
    }

    /**
     * Reads the filters from the third element to the end of the array; at least one is required.
     *
     * @param verb the message's verb, for errors ({@code "REQ[2]"})
     * @return the filters, in order
     */
    public List<Filter> filters(String verb) {
        return NostrJson.readFilters(parser, verb);
    }

    /**
     * Reads an object element field by field; unknown fields must be skipped by {@code fields}.
     *
     * @param path the element's path, for errors
     * @param fields reads each field's value
     */
    public void object(String path, FieldReader fields) {
        NostrJson.next(parser, path);
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidJsonException(path, "must be an object");
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            NostrJson.next(parser, path + "." + name);
            fields.field(name, this);
        }
    }

    /**
     * The value the reader stands on (inside {@link #object}), as a non-negative integer.
     *
     * @param path the value's path, for errors
     * @return the integer
     */
    public long currentNonNegativeLong(String path) {
        return NostrJson.readNonNegativeLong(parser, path);
    }

    /**
     * The value the reader stands on (inside {@link #object}), as a boolean.
     *
     * @param path the value's path, for errors
     * @return the boolean
     */
    public boolean currentBool(String path) {
        if (!parser.currentToken().isBoolean()) {
            throw new InvalidJsonException(path, "must be a boolean");
        }
        return parser.currentToken() == JsonToken.VALUE_TRUE;
    }

    /** Skips the value the reader stands on (inside {@link #object}), whatever its shape. */
    public void skipValue() {
        parser.skipChildren();
    }

    /**
     * Reads the end of the array: no element may follow.
     *
     * @param verb the message's verb, for errors
     */
    public void endArray(String verb) {
        NostrJson.expectArrayEnd(parser, verb);
    }

    /** Reads the end of the document: nothing may follow the array. */
    public void end() {
        NostrJson.expectEnd(parser);
    }
}
