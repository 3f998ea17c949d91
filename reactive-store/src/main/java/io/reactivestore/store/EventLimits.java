package io.reactivestore.store;

import io.reactivestore.event.Event;
import io.reactivestore.event.InvalidEventException;
import java.util.List;

/**
 * Size limits a store enforces on the events it is asked to save, checked in memory before any storage
 * is touched. Every limit counts UTF-8 bytes (or elements) and is inclusive.
 *
 * @param maxJsonBytes largest JSON form of an event ({@link Event#jsonLength()})
 * @param maxContentBytes largest {@code content}
 * @param maxTags most tags per event
 * @param maxTagElements most strings in one tag (its name included)
 * @param maxTagValueBytes largest string anywhere in a tag (name or value)
 */
public record EventLimits(int maxJsonBytes, int maxContentBytes, int maxTags, int maxTagElements,
                          int maxTagValueBytes) {

    /** 512 KiB of JSON, 256 KiB of content, 2 000 tags of at most 16 strings of at most 1 024 bytes. */
    public static final EventLimits DEFAULTS = new EventLimits(512 * 1024, 256 * 1024, 2000, 16, 1024);

    /**
     * Validates the components (see the class comment).
     *
     * @param maxJsonBytes largest JSON form of an event ({@link Event#jsonLength()})
     * @param maxContentBytes largest {@code content}
     * @param maxTags most tags per event
     * @param maxTagElements most strings in one tag (its name included)
     * @param maxTagValueBytes largest string anywhere in a tag (name or value)
     */
    public EventLimits {
        positive("maxJsonBytes", maxJsonBytes);
        positive("maxContentBytes", maxContentBytes);
        positive("maxTags", maxTags);
        positive("maxTagElements", maxTagElements);
        positive("maxTagValueBytes", maxTagValueBytes);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": must be at least 1, got " + value);
        }
    }

    /**
     * Checks {@code event} against every limit.
     *
     * @param event the event
     * @return the event
     * @throws InvalidEventException with field {@code json}, {@code content} or {@code tags} naming the
     *     first limit exceeded
     */
    public Event check(Event event) {
        if (event.jsonLength() > maxJsonBytes) {
            throw new InvalidEventException("json", "event is " + event.jsonLength() + " bytes, more than "
                    + maxJsonBytes);
        }
        int content = utf8Length(event.content());
        if (content > maxContentBytes) {
            throw new InvalidEventException("content", "is " + content + " bytes, more than " + maxContentBytes);
        }
        List<List<String>> tags = event.tags();
        if (tags.size() > maxTags) {
            throw new InvalidEventException("tags", tags.size() + " tags, more than " + maxTags);
        }
        for (int i = 0; i < tags.size(); i++) {
            List<String> tag = tags.get(i);
            if (tag.size() > maxTagElements) {
                throw new InvalidEventException("tags", "tag " + i + " has " + tag.size()
                        + " elements, more than " + maxTagElements);
            }
            for (String value : tag) {
                int length = utf8Length(value);
                if (length > maxTagValueBytes) {
                    throw new InvalidEventException("tags", "tag " + i + " holds a " + length
                            + "-byte string, more than " + maxTagValueBytes);
                }
            }
        }
        return event;
    }

    /** UTF-8 length of {@code s} without encoding it (an unpaired surrogate counts 3 bytes). */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
