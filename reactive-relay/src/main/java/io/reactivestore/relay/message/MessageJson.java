package io.reactivestore.relay.message;

import io.reactivestore.event.Event;
import io.reactivestore.event.InvalidJsonException;
import io.reactivestore.event.MessageReader;
import io.reactivestore.event.MessageWriter;
import io.reactivestore.event.NostrJson;

/**
 * The NIP-01 wire codec: {@link ClientMessage}s and {@link RelayMessage}s to and from compact JSON, on the store's
 * strict event and filter codec ({@link NostrJson}). Thread-safe and stateless.
 *
 * <p>Decoding is strict like {@link NostrJson}'s: an unknown verb is an {@link InvalidJsonException} on field
 * {@code "[0]"}, and every other error names its path after the verb ({@code "REQ[2].limit"},
 * {@code "EVENT[1].tags[0]"}); no other exception escapes. Encoding writes events with their own bytes, verbatim.
 */
public final class MessageJson {

    private MessageJson() {
    }

    /**
     * Decodes a message a client sent.
     *
     * @param json the JSON text
     * @return the message
     * @throws InvalidJsonException if it is not a valid client message
     */
    public static ClientMessage parseClientMessage(byte[] json) {
        return NostrJson.parseMessage(json, in -> {
            String verb = in.verb();
            ClientMessage message = switch (verb) {
                case "EVENT" -> new ClientMessage.Publish(in.lastEvent("EVENT[1]"));
                case "AUTH" -> new ClientMessage.Auth(in.lastEvent("AUTH[1]"));
                case "REQ" -> {
                    String sub = in.subscriptionId("REQ[1]");
                    yield new ClientMessage.Req(sub, in.filters("REQ"));
                }
                case "COUNT" -> {
                    String sub = in.subscriptionId("COUNT[1]");
                    yield new ClientMessage.Count(sub, in.filters("COUNT"));
                }
                case "CLOSE" -> {
                    String sub = in.subscriptionId("CLOSE[1]");
                    in.endArray("CLOSE");
                    yield new ClientMessage.Close(sub);
                }
                default -> throw new InvalidJsonException("[0]", "unknown message type '" + verb + "'");
            };
            in.end();
            return message;
        });
    }

    /**
     * Decodes a message a relay sent.
     *
     * @param json the JSON text
     * @return the message
     * @throws InvalidJsonException if it is not a valid relay message
     */
    public static RelayMessage parseRelayMessage(byte[] json) {
        return NostrJson.parseMessage(json, in -> {
            String verb = in.verb();
            RelayMessage message = switch (verb) {
                case "EVENT" -> {
                    String sub = in.string("EVENT[1]");
                    Event event = in.lastEvent("EVENT[2]");
                    yield new RelayMessage.EventMessage(sub, event);
                }
                case "OK" -> {
                    String id = in.string("OK[1]");
                    boolean accepted = in.bool("OK[2]");
                    yield new RelayMessage.Ok(id, accepted, in.optionalLastString("OK[3]"));
                }
                case "EOSE" -> {
                    String sub = in.string("EOSE[1]");
                    in.endArray("EOSE");
                    yield new RelayMessage.Eose(sub);
                }
                case "CLOSED" -> {
                    String sub = in.string("CLOSED[1]");
                    yield new RelayMessage.Closed(sub, in.optionalLastString("CLOSED[2]"));
                }
                case "NOTICE" -> new RelayMessage.Notice(in.optionalLastString("NOTICE[1]"));
                case "AUTH" -> {
                    String challenge = in.string("AUTH[1]");
                    in.endArray("AUTH");
                    yield new RelayMessage.AuthChallenge(challenge);
                }
                case "COUNT" -> readCountResult(in, in.string("COUNT[1]"));
                default -> throw new InvalidJsonException("[0]", "unknown message type '" + verb + "'");
            };
            in.end();
            return message;
        });
    }

    private static RelayMessage.CountResult readCountResult(MessageReader in, String sub) {
        long[] count = {-1};
        boolean[] approximate = {false};
        in.object("COUNT[2]", (name, value) -> {
            switch (name) {
                case "count" -> count[0] = value.currentNonNegativeLong("COUNT[2].count");
                case "approximate" -> approximate[0] = value.currentBool("COUNT[2].approximate");
                default -> value.skipValue();
            }
        });
        if (count[0] < 0) {
            throw new InvalidJsonException("COUNT[2].count", "is missing");
        }
        in.endArray("COUNT");
        return new RelayMessage.CountResult(sub, count[0], approximate[0]);
    }

    /**
     * Encodes a client message.
     *
     * @param message the message
     * @return the JSON array as UTF-8
     */
    public static byte[] write(ClientMessage message) {
        MessageWriter out = new MessageWriter(256);
        if (message instanceof ClientMessage.Publish m) {
            out.raw("[\"EVENT\",").event(m.event()).raw("]");
        } else if (message instanceof ClientMessage.Auth m) {
            out.raw("[\"AUTH\",").event(m.event()).raw("]");
        } else if (message instanceof ClientMessage.Req m) {
            out.raw("[\"REQ\",").string(m.subscriptionId(), "sub").filtersAndEnd(m.filters());
        } else if (message instanceof ClientMessage.Count m) {
            out.raw("[\"COUNT\",").string(m.subscriptionId(), "sub").filtersAndEnd(m.filters());
        } else if (message instanceof ClientMessage.Close m) {
            out.raw("[\"CLOSE\",").string(m.subscriptionId(), "sub").raw("]");
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
        MessageWriter out = new MessageWriter(128);
        if (message instanceof RelayMessage.EventMessage m) {
            out.raw("[\"EVENT\",").string(m.subscriptionId(), "sub").raw(",").event(m.event()).raw("]");
        } else if (message instanceof RelayMessage.Ok m) {
            out.raw("[\"OK\",").string(m.eventId(), "id").raw(m.accepted() ? ",true," : ",false,")
                    .string(m.message(), "message").raw("]");
        } else if (message instanceof RelayMessage.Eose m) {
            out.raw("[\"EOSE\",").string(m.subscriptionId(), "sub").raw("]");
        } else if (message instanceof RelayMessage.Closed m) {
            out.raw("[\"CLOSED\",").string(m.subscriptionId(), "sub").raw(",").string(m.message(), "message")
                    .raw("]");
        } else if (message instanceof RelayMessage.Notice m) {
            out.raw("[\"NOTICE\",").string(m.message(), "message").raw("]");
        } else if (message instanceof RelayMessage.AuthChallenge m) {
            out.raw("[\"AUTH\",").string(m.challenge(), "challenge").raw("]");
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
}
