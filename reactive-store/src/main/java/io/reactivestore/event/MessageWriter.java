package io.reactivestore.event;

import java.util.List;

/**
 * Writes one message-shaped JSON document as compact UTF-8, with the codec's escaping (valid JSON for every
 * reader): the pieces a message codec needs, events written with their own bytes, verbatim, and filters as
 * {@link NostrJson#toJson(Filter)} writes them. Not thread-safe; one writer per document.
 */
public final class MessageWriter {

    private final JsonText out;

    /**
     * A writer with room for {@code initialCapacity} bytes before it grows.
     *
     * @param initialCapacity the initial buffer size in bytes
     */
    public MessageWriter(int initialCapacity) {
        this.out = new JsonText(initialCapacity, JsonText.Escaping.JSON);
    }

    /**
     * Appends ASCII text as it is (punctuation, a quoted verb).
     *
     * @param ascii the text, ASCII only
     * @return this writer
     */
    public MessageWriter raw(String ascii) {
        out.raw(ascii);
        return this;
    }

    /**
     * Appends a JSON string, quoted and escaped.
     *
     * @param value the string
     * @param field what the string is, named in the error if it cannot be written (an unpaired surrogate)
     * @return this writer
     */
    public MessageWriter string(String value, String field) {
        out.string(value, field);
        return this;
    }

    /**
     * Appends an integer.
     *
     * @param value the number
     * @return this writer
     */
    public MessageWriter number(long value) {
        out.number(value);
        return this;
    }

    /**
     * Appends an event's JSON object, its own bytes verbatim.
     *
     * @param event the event
     * @return this writer
     */
    public MessageWriter event(Event event) {
        out.rawBytes(event);
        return this;
    }

    /**
     * Appends each filter preceded by a comma, then closes the array with {@code ]}.
     *
     * @param filters the filters
     * @return this writer
     */
    public MessageWriter filtersAndEnd(List<Filter> filters) {
        NostrJson.writeFilters(out, filters);
        return this;
    }

    /**
     * The document written so far.
     *
     * @return the UTF-8 bytes
     */
    public byte[] toBytes() {
        return out.toBytes();
    }
}
