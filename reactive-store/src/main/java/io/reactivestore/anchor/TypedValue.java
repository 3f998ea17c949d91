package io.reactivestore.anchor;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A JSON document with its type, as {@link AnchorStore#putTyped} stores it: the blob holds
 * {@code {"type":<type>,"value":<value>}}, and the anchor map indexes the blob's ref under its type.
 *
 * @param type the document's type (not empty), for example a schema name with version
 * @param value the document (copied in and out: JSON nodes are mutable)
 */
public record TypedValue(String type, JsonNode value) {

    /**
     * Validates the components (see the class comment).
     *
     * @param type the document's type (not empty), for example a schema name with version
     * @param value the document (copied in and out: JSON nodes are mutable)
     */
    public TypedValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (type.isEmpty()) {
            throw new IllegalArgumentException("type: must not be empty");
        }
        value = value.deepCopy();
    }

    /** {@return a copy of the document} */
    @Override
    public JsonNode value() {
        return value.deepCopy();
    }
}
