package io.reactivestore.store.r2dbc;

import io.reactivestore.event.Event;
import io.reactivestore.event.InvalidEventException;
import io.reactivestore.internal.Hex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An event as it is written: binary id and pubkey, the SHA-256 of its replaceable address (or
 * {@code null}), and the tag index entries (first value of every single-letter tag, once each).
 */
record EventRow(Event event, byte[] id, byte[] pubkey, byte @Nullable [] addr, List<TagEntry> tags) {

    /** One row of {@code event_tags}. */
    record TagEntry(String name, String value) {
    }

    /**
     * Prepares {@code event}.
     *
     * @throws InvalidEventException (field {@code tags}) if an indexed tag value holds U+0000, which
     *     PostgreSQL text cannot store; refused by every dialect alike
     */
    static EventRow of(Event event) {
        Set<TagEntry> entries = new LinkedHashSet<>();
        event.forEachIndexedTag((name, value) -> {
            if (value.indexOf('\0') >= 0) {
                throw new InvalidEventException("tags", "an indexed tag value holds U+0000");
            }
            entries.add(new TagEntry(name, value));
        });
        String address = event.address();
        byte[] addr = address == null ? null : sha256(address);
        return new EventRow(event, Hex.decode(event.id()), Hex.decode(event.pubkey()), addr,
                new ArrayList<>(entries));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
