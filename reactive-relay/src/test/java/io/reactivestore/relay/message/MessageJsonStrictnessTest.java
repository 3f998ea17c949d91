package io.reactivestore.relay.message;

import static io.reactivestore.event.NostrJsonStrictnessTest.eventWith;
import static io.reactivestore.event.NostrJsonStrictnessTest.validEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivestore.event.InvalidJsonException;
import io.reactivestore.event.NostrJsonStrictnessTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MessageJson: the wire protocol's codec on the store's strict event and filter codec. */
class MessageJsonStrictnessTest {

    static void assertInvalidClientMessage(String json, String field) {
        assertThatThrownBy(() -> MessageJson.parseClientMessage(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidJsonException.class)
                .extracting(NostrJsonStrictnessTest::jsonField).isEqualTo(field);
    }

    static void assertInvalidRelayMessage(String json, String field) {
        assertThatThrownBy(() -> MessageJson.parseRelayMessage(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidJsonException.class)
                .extracting(NostrJsonStrictnessTest::jsonField).isEqualTo(field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "not an array         | '{}'                                   | $",
            "empty array          | '[]'                                   | [0]",
            "verb not a string    | '[1]'                                  | [0]",
            "unknown verb         | '[\"PUBLISH\",{}]'                     | [0]",
            "lowercase verb       | '[\"req\",\"s\",{}]'                   | [0]",
            "REQ without filters  | '[\"REQ\",\"s\"]'                      | REQ[2]",
            "REQ without sub      | '[\"REQ\"]'                            | REQ[1]",
            "REQ sub not string   | '[\"REQ\",1,{}]'                       | REQ[1]",
            "REQ empty sub        | '[\"REQ\",\"\",{}]'                    | REQ[1]",
            "REQ filter not object| '[\"REQ\",\"s\",[]]'                   | REQ[2]",
            "REQ second filter    | '[\"REQ\",\"s\",{},5]'                 | REQ[3]",
            "REQ negative limit   | '[\"REQ\",\"s\",{\"limit\":-1}]'       | REQ[2].limit",
            "REQ float limit      | '[\"REQ\",\"s\",{\"limit\":1.5}]'      | REQ[2].limit",
            "REQ string since     | '[\"REQ\",\"s\",{\"since\":\"1\"}]'    | REQ[2].since",
            "REQ negative until   | '[\"REQ\",\"s\",{},{\"until\":-5}]'    | REQ[3].until",
            "REQ kind too big     | '[\"REQ\",\"s\",{\"kinds\":[1,65536]}]'| REQ[2].kinds[1]",
            "REQ kinds not array  | '[\"REQ\",\"s\",{\"kinds\":1}]'        | REQ[2].kinds",
            "REQ ids not strings  | '[\"REQ\",\"s\",{\"ids\":[1]}]'        | REQ[2].ids[0]",
            "REQ short id         | '[\"REQ\",\"s\",{\"ids\":[\"abc\"]}]'  | REQ[2].ids[0]",
            "REQ tag not array    | '[\"REQ\",\"s\",{\"#t\":\"x\"}]'       | REQ[2].#t",
            "REQ tag value number | '[\"REQ\",\"s\",{\"#t\":[\"x\",2]}]'  | REQ[2].#t[1]",
            "REQ multi-letter tag | '[\"REQ\",\"s\",{\"#tt\":[\"x\"]}]'   | REQ[2].#tt",
            "REQ digit tag        | '[\"REQ\",\"s\",{\"#1\":[\"x\"]}]'    | REQ[2].#1",
            "REQ unknown field    | '[\"REQ\",\"s\",{\"sort\":\"x\"}]'  | REQ[2].sort",
            "REQ duplicate field  | '[\"REQ\",\"s\",{\"limit\":1,\"limit\":2}]' | REQ[2].limit",
            "REQ unterminated     | '[\"REQ\",\"s\",{}'                    | REQ[2]",
            "COUNT without filter | '[\"COUNT\",\"s\"]'                    | COUNT[2]",
            "COUNT bad filter     | '[\"COUNT\",\"s\",{\"kinds\":[-1]}]'   | COUNT[2].kinds[0]",
            "CLOSE without sub    | '[\"CLOSE\"]'                          | CLOSE[1]",
            "CLOSE extra element  | '[\"CLOSE\",\"s\",\"t\"]'              | CLOSE",
            "EVENT without event  | '[\"EVENT\"]'                          | EVENT[1]",
            "EVENT not an object  | '[\"EVENT\",\"x\"]'                    | EVENT[1]",
            "EVENT missing fields | '[\"EVENT\",{}]'                       | EVENT[1].id",
            "AUTH not an object   | '[\"AUTH\",[]]'                        | AUTH[1]",
            "trailing garbage     | '[\"CLOSE\",\"s\"]x'                   | $",
            "two documents        | '[\"CLOSE\",\"s\"][\"CLOSE\",\"s\"]'   | $",
    })
    void aBadClientMessageNamesThePath(String name, String json, String path) {
        assertInvalidClientMessage(json, path);
    }

    @Test
    void aSubscriptionIdOf64CharactersIsTheLongestAccepted() {
        String sub64 = "s".repeat(64);
        assertThat(MessageJson.parseClientMessage(("[\"CLOSE\",\"" + sub64 + "\"]").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ClientMessage.Close(sub64));
        assertInvalidClientMessage("[\"CLOSE\",\"" + sub64 + "s\"]", "CLOSE[1]");
    }

    @Test
    void aBadFieldOfAPublishedEventIsNamedWithTheMessagePath() {
        assertInvalidClientMessage("[\"EVENT\"," + eventWith("kind", "70000") + "]", "EVENT[1].kind");
        assertInvalidClientMessage("[\"EVENT\"," + eventWith("tags", "[[1]]") + "]", "EVENT[1].tags[0][0]");
        assertInvalidClientMessage("[\"EVENT\"," + eventWith("content", null) + "]", "EVENT[1].content");
        assertInvalidClientMessage("[\"EVENT\"," + validEvent() + "," + validEvent() + "]", "EVENT[1]");
    }

    @Test
    void aDuplicateKeyInsideAPublishedEventIsNamedWithTheMessagePath() {
        String json = validEvent();
        assertInvalidClientMessage("[\"EVENT\"," + json.substring(0, json.length() - 1) + ",\"kind\":2}]",
                "EVENT[1].kind");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "unknown verb         | '[\"HELLO\"]'                          | [0]",
            "OK not boolean       | '[\"OK\",\"id\",\"true\",\"\"]'        | OK[2]",
            "OK message number    | '[\"OK\",\"id\",true,5]'               | OK[3]",
            "OK too long          | '[\"OK\",\"id\",true,\"\",\"\"]'       | OK[3]",
            "EOSE extra           | '[\"EOSE\",\"s\",1]'                   | EOSE",
            "EVENT no sub         | '[\"EVENT\"," + "{}]'                  | EVENT[1]",
            "NOTICE not string    | '[\"NOTICE\",{}]'                      | NOTICE[1]",
            "COUNT not object     | '[\"COUNT\",\"s\",5]'                  | COUNT[2]",
            "COUNT missing count  | '[\"COUNT\",\"s\",{}]'                 | COUNT[2].count",
            "COUNT negative       | '[\"COUNT\",\"s\",{\"count\":-1}]'     | COUNT[2].count",
            "COUNT float          | '[\"COUNT\",\"s\",{\"count\":1.5}]'    | COUNT[2].count",
            "COUNT approx string  | '[\"COUNT\",\"s\",{\"count\":1,\"approximate\":\"yes\"}]' | COUNT[2].approximate",
            "COUNT approx number  | '[\"COUNT\",\"s\",{\"count\":1,\"approximate\":1}]' | COUNT[2].approximate",
            "AUTH extra           | '[\"AUTH\",\"c\",\"d\"]'               | AUTH",
    })
    void aBadRelayMessageNamesThePath(String name, String json, String path) {
        assertInvalidRelayMessage(json, path);
    }
}
