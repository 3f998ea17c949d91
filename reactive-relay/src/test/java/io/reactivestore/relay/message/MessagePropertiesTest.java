package io.reactivestore.relay.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.EventModelPropertiesTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** MessageJson: the wire protocol's codec on the store's strict event and filter codec. */
class MessagePropertiesTest {

    private final EventModelPropertiesTest generators = new EventModelPropertiesTest();

    @Provide
    Arbitrary<Event> events() {
        return generators.events();
    }

    @Provide
    Arbitrary<String> text() {
        return generators.text();
    }

    @Property(tries = 200)
    void relayEventMessagesCarryTheEventBytesThroughARoundTrip(@ForAll("events") Event event,
                                                              @ForAll("text") String subscription) {
        RelayMessage back = MessageJson.parseRelayMessage(
                MessageJson.write(new RelayMessage.EventMessage(subscription, event)));
        RelayMessage.EventMessage message = (RelayMessage.EventMessage) back;
        assertThat(message.subscriptionId()).isEqualTo(subscription);
        assertThat(message.event().jsonBytes()).isEqualTo(event.jsonBytes());
    }

    @Property(tries = 200)
    void relayTextsSurviveARoundTrip(@ForAll("text") String text, @ForAll boolean accepted) {
        for (RelayMessage message : List.of(new RelayMessage.Notice(text), new RelayMessage.Closed("s", text),
                new RelayMessage.Ok("x", accepted, text), new RelayMessage.AuthChallenge(text))) {
            byte[] json = MessageJson.write(message);
            assertThat(MessageJson.parseRelayMessage(json)).isEqualTo(message);
            assertThat(new String(json, StandardCharsets.UTF_8).chars().filter(c -> c < 0x20).count())
                    .as("no raw control character on the wire").isZero();
        }
    }
}
