package io.reactivestore.relay.message;

import static io.reactivestore.event.NostrJsonUtf8Test.withRawBytes;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivestore.event.InvalidJsonException;
import io.reactivestore.internal.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MessageJson: the wire protocol's codec on the store's strict event and filter codec. */
class MessageJsonUtf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"c0af", "f4908080", "eda080"})
    void invalidUtf8AnywhereInAMessageIsRejected(String hex) {
        byte[] raw = Hex.decode(hex);
        byte[] req = withRawBytes("[\"REQ\",\"s", raw, "\",{\"#t\":[\"x\"]}]");
        assertThatThrownBy(() -> MessageJson.parseClientMessage(req)).isInstanceOf(InvalidJsonException.class);
        byte[] notice = withRawBytes("[\"NOTICE\",\"", raw, "\"]");
        assertThatThrownBy(() -> MessageJson.parseRelayMessage(notice)).isInstanceOf(InvalidJsonException.class);
    }
}
