package io.reactivestore.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way a document can be wrong gives an {@link InvalidJsonException} (or, for a well-typed event
 * field of the wrong shape, an {@link InvalidEventException}) naming the exact path of the offending
 * value; never another exception.
 */
public class NostrJsonStrictnessTest {

    static final String ID = "a".repeat(64);
    static final String PUBKEY = "b".repeat(64);
    static final String SIG = "c".repeat(128);

    /** An event object of the given {@code "name":value} pairs, {@code null} ones left out. */
    static String event(String id, String pubkey, String createdAt, String kind, String tags, String content,
                        String sig) {
        StringBuilder json = new StringBuilder("{");
        for (String part : new String[] {id, pubkey, createdAt, kind, tags, content, sig}) {
            if (part != null) {
                json.append(json.length() > 1 ? "," : "").append(part);
            }
        }
        return json.append('}').toString();
    }

    public static String validEvent() {
        return event("\"id\":\"" + ID + "\"", "\"pubkey\":\"" + PUBKEY + "\"", "\"created_at\":1700000000",
                "\"kind\":1", "\"tags\":[[\"t\",\"x\"]]", "\"content\":\"hi\"", "\"sig\":\"" + SIG + "\"");
    }

    /** The valid event with one top-level field's value replaced by {@code value} ({@code null}: removed). */
    public static String eventWith(String field, String value) {
        String id = "\"id\":\"" + ID + "\"";
        String pubkey = "\"pubkey\":\"" + PUBKEY + "\"";
        String createdAt = "\"created_at\":1700000000";
        String kind = "\"kind\":1";
        String tags = "\"tags\":[[\"t\",\"x\"]]";
        String content = "\"content\":\"hi\"";
        String sig = "\"sig\":\"" + SIG + "\"";
        String replaced = value == null ? null : "\"" + field + "\":" + value;
        return switch (field) {
            case "id" -> event(replaced, pubkey, createdAt, kind, tags, content, sig);
            case "pubkey" -> event(id, replaced, createdAt, kind, tags, content, sig);
            case "created_at" -> event(id, pubkey, replaced, kind, tags, content, sig);
            case "kind" -> event(id, pubkey, createdAt, replaced, tags, content, sig);
            case "tags" -> event(id, pubkey, createdAt, kind, replaced, content, sig);
            case "content" -> event(id, pubkey, createdAt, kind, tags, replaced, sig);
            case "sig" -> event(id, pubkey, createdAt, kind, tags, content, replaced);
            default -> throw new IllegalArgumentException(field);
        };
    }

    public static String jsonField(Throwable e) {
        return ((InvalidJsonException) e).field();
    }

    static void assertInvalidJson(String json, String field) {
        assertThatThrownBy(() -> NostrJson.parseEvent(json))
                .isInstanceOf(InvalidJsonException.class)
                .extracting(NostrJsonStrictnessTest::jsonField).isEqualTo(field);
    }

    /** As {@link #assertInvalidJson}, and {@link NostrJson#parseStoredEvent} refuses it the same way. */
    static void assertInvalidJsonAlsoWhenStored(String json, String field) {
        assertInvalidJson(json, field);
        assertThatThrownBy(() -> NostrJson.parseStoredEvent(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidJsonException.class)
                .extracting(NostrJsonStrictnessTest::jsonField).isEqualTo(field);
    }

    @Test
    void theBaseDocumentIsValid() {
        Event event = NostrJson.parseEvent(validEvent());
        assertThat(event.id()).isEqualTo(ID);
        assertThat(event.tags()).containsExactly(java.util.List.of("t", "x"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            // wrong types
            "id         | 5                          | id",
            "id         | null                       | id",
            "pubkey     | []                         | pubkey",
            "sig        | {}                         | sig",
            "content    | null                       | content",
            "content    | 7                          | content",
            "content    | true                       | content",
            "created_at | '\"1700000000\"'           | created_at",
            "created_at | 1.5                        | created_at",
            "created_at | 1e9                        | created_at",
            "created_at | 1700000000.0               | created_at",
            "created_at | null                       | created_at",
            "kind       | '\"1\"'                    | kind",
            "kind       | 1.0                        | kind",
            "kind       | false                      | kind",
            "tags       | '{}'                       | tags",
            "tags       | '\"t\"'                    | tags",
            "tags       | null                       | tags",
            "tags       | '[\"t\"]'                  | tags[0]",
            "tags       | '[[\"t\",5]]'              | tags[0][1]",
            "tags       | '[[\"t\",\"x\"],[null]]'   | tags[1][0]",
            "tags       | '[[\"t\",[\"x\"]]]'        | tags[0][1]",
            "tags       | '[[\"t\",{}]]'             | tags[0][1]",
            // out of range, negative
            "created_at | -1                         | created_at",
            "created_at | 99999999999999999999       | created_at",
            "kind       | -1                         | kind",
            "kind       | 65536                      | kind",
            "kind       | 4294967297                 | kind",
            // not numbers JSON allows
            "kind       | 01                         | kind",
            "kind       | NaN                        | kind",
            "kind       | +1                         | kind",
    })
    void aWrongValueNamesItsField(String field, String value, String expectedPath) {
        assertInvalidJsonAlsoWhenStored(eventWith(field, value), expectedPath);
    }

    @ParameterizedTest
    @CsvSource({"id", "pubkey", "created_at", "kind", "tags", "content", "sig"})
    void aMissingFieldIsNamed(String field) {
        assertInvalidJsonAlsoWhenStored(eventWith(field, null), field);
    }

    @ParameterizedTest
    @CsvSource({"id, 63", "pubkey, 65", "sig, 127"})
    void aStoredEventWithAHexFieldOfTheWrongLengthIsRefused(String field, int length) {
        byte[] json = eventWith(field, "\"" + "a".repeat(length) + "\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> NostrJson.parseStoredEvent(json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(field);
    }

    @ParameterizedTest
    @CsvSource({"id", "pubkey", "created_at", "kind", "tags", "content", "sig"})
    void aDuplicateKeyIsNamed(String field) {
        String json = validEvent();
        String duplicated = json.substring(0, json.length() - 1) + "," + firstPair(json, field) + "}";
        assertInvalidJson(duplicated, field);
    }

    @Test
    void aDuplicateUnknownKeyIsNamedToo() {
        String json = validEvent();
        assertInvalidJson(json.substring(0, json.length() - 1) + ",\"x\":1,\"x\":2}", "x");
    }

    @Test
    void aDuplicateKeyDeepInsideAnUnknownFieldIsNamedWithItsPath() {
        String json = validEvent();
        assertInvalidJson(json.substring(0, json.length() - 1) + ",\"extra\":{\"a\":[{\"k\":1,\"k\":2}]}}",
                "extra.a[0].k");
    }

    private static String firstPair(String json, String field) {
        int start = json.indexOf("\"" + field + "\":");
        int depth = 0;
        int i = start + field.length() + 3;
        for (; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
        }
        return json.substring(start, i);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "empty           | ''",
            "blank           | '   '",
            "array           | '[]'",
            "string          | '\"event\"'",
            "number          | 42",
            "null            | null",
            "not JSON        | '{id:1}'",
    })
    void aDocumentThatIsNotAnEventObjectIsTheWholeDocumentsFault(String name, String json) {
        assertInvalidJson(json, "$");
    }

    @Test
    void inputEndingInsideAValueNamesThatValue() {
        assertInvalidJson("{\"id\":\"aa", "id");
        assertInvalidJson("{\"tags\":[[\"t\"", "tags[0][0]");
    }

    @Test
    void trailingGarbageIsRejected() {
        assertInvalidJson(validEvent() + "x", "$");
        assertInvalidJson(validEvent() + "{}", "$");
        assertInvalidJson(validEvent() + "]", "$");
    }

    @Test
    void trailingWhitespaceIsFine() {
        assertThat(NostrJson.parseEvent(validEvent() + " \n\t").id()).isEqualTo(ID);
    }

    @Test
    void nestingDeeperThanTheLimitIsRejectedWithThePathWhereItHappens() {
        String deep = "[".repeat(NostrJson.MAX_NESTING_DEPTH) + "]".repeat(NostrJson.MAX_NESTING_DEPTH);
        String json = validEvent();
        assertThatThrownBy(() -> NostrJson.parseEvent(json.substring(0, json.length() - 1) + ",\"x\":" + deep + "}"))
                .isInstanceOf(InvalidJsonException.class)
                .satisfies(e -> assertThat(jsonField(e)).startsWith("x["))
                .hasMessageContaining("nesting");
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        String deep = "[".repeat(NostrJson.MAX_NESTING_DEPTH - 1) + "]".repeat(NostrJson.MAX_NESTING_DEPTH - 1);
        String json = validEvent();
        assertThat(NostrJson.parseEvent(json.substring(0, json.length() - 1) + ",\"x\":" + deep + "}").id())
                .isEqualTo(ID);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "id     | '\"" + "A" + "\"'",
            "id     | '\"abc\"'",
            "pubkey | '\"0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"'",
            "pubkey | '\"BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\"'",
            "sig    | '\"cccc\"'",
            "sig    | '\"\"'",
    })
    void aStringOfTheWrongShapeIsAnInvalidEventNamingTheField(String field, String value) {
        assertThatThrownBy(() -> NostrJson.parseEvent(eventWith(field, value)))
                .isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).field()).isEqualTo(field);
    }

    // ---------------------------------------------------------------- client messages

    @Test
    void filterParsingNamesThePathUnderFilter() {
        assertThatThrownBy(() -> NostrJson.parseFilter("{\"kinds\":[1,\"2\"]}"))
                .isInstanceOf(InvalidJsonException.class)
                .extracting(NostrJsonStrictnessTest::jsonField).isEqualTo("filter.kinds[1]");
        assertThatThrownBy(() -> NostrJson.parseFilter("{\"authors\":[\"" + "B".repeat(64) + "\"]}"))
                .isInstanceOf(InvalidJsonException.class)
                .extracting(NostrJsonStrictnessTest::jsonField).isEqualTo("filter.authors[0]");
        assertThatThrownBy(() -> NostrJson.parseFilter("{\"#p\":[\"a\"],\"#p\":[\"b\"]}"))
                .isInstanceOf(InvalidJsonException.class)
                .extracting(NostrJsonStrictnessTest::jsonField).isEqualTo("filter.#p");
        assertThatThrownBy(() -> NostrJson.parseFilter("[]"))
                .isInstanceOf(InvalidJsonException.class)
                .extracting(NostrJsonStrictnessTest::jsonField).isEqualTo("filter");
    }

    // ---------------------------------------------------------------- relay messages
}
