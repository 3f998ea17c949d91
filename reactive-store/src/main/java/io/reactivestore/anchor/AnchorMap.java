package io.reactivestore.anchor;

import io.reactivestore.blob.Ref;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The immutable anchor map: a history per anchor name plus the index of typed JSON blobs, and its
 * canonical JSON form (keys sorted, so equal maps give equal bytes and therefore equal refs):
 * <pre>{"anchors":{"name":[{"at":"2026-01-01T00:00:00Z","ref":"ab..."}]},"types":{"type":["ab..."]}}</pre>
 *
 * <p>A history is in time order (equal times ordered by ref) and never holds two adjacent entries with
 * the same ref: of two such, the earlier is kept.
 */
final class AnchorMap {

    static final AnchorMap EMPTY = new AnchorMap(new TreeMap<>(), new TreeMap<>());

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Comparator<Entry> ORDER =
            Comparator.comparing(Entry::at).thenComparing(Entry::ref);

    /** One history entry. */
    record Entry(Ref ref, Instant at) {
    }

    private final SortedMap<String, List<Entry>> histories;
    private final SortedMap<String, NavigableSet<Ref>> types;

    private AnchorMap(SortedMap<String, List<Entry>> histories, SortedMap<String, NavigableSet<Ref>> types) {
        this.histories = histories;
        this.types = types;
    }

    /** This map with {@code (ref, at)} put into the history of {@code name}; this map itself if that changes nothing. */
    AnchorMap with(String name, Ref ref, Instant at) {
        List<Entry> history = histories.getOrDefault(name, List.of());
        List<Entry> updated = new ArrayList<>(history);
        Entry entry = new Entry(ref, at);
        int index = Collections.binarySearch(updated, entry, ORDER);
        if (index >= 0) {
            return this;
        }
        updated.add(-index - 1, entry);
        updated = withoutRepeats(updated);
        if (updated.equals(history)) {
            return this;
        }
        SortedMap<String, List<Entry>> next = new TreeMap<>(histories);
        next.put(name, List.copyOf(updated));
        return new AnchorMap(next, types);
    }

    /** This map with every anchor of {@code anchors} put in, as by {@link #with(String, Ref, Instant)}. */
    AnchorMap withAll(List<Anchor> anchors) {
        AnchorMap map = this;
        for (Anchor a : anchors) {
            map = map.with(a.name(), a.ref(), a.at());
        }
        return map;
    }

    /** The latest ref of {@code name} whose time is not later than {@code at}. */
    Optional<Ref> latest(String name, Instant at) {
        Ref found = null;
        for (Entry e : histories.getOrDefault(name, List.of())) {
            if (e.at().isAfter(at)) {
                break;
            }
            found = e.ref();
        }
        return Optional.ofNullable(found);
    }

    /**
     * This map with the entries strictly older than {@code oldest} dropped from the front of each
     * history while more than {@code min} entries remain.
     */
    AnchorMap expire(Instant oldest, int min) {
        SortedMap<String, List<Entry>> next = new TreeMap<>();
        boolean changed = false;
        for (Map.Entry<String, List<Entry>> h : histories.entrySet()) {
            List<Entry> history = h.getValue();
            int drop = 0;
            while (history.size() - drop > min && history.get(drop).at().isBefore(oldest)) {
                drop++;
            }
            changed |= drop > 0;
            if (drop < history.size()) {
                next.put(h.getKey(), history.subList(drop, history.size()));
            }
        }
        return changed ? new AnchorMap(next, types) : this;
    }

    /** This map with {@code ref} recorded as a blob of {@code type}. */
    AnchorMap withType(String type, Ref ref) {
        NavigableSet<Ref> refs = types.getOrDefault(type, Collections.emptyNavigableSet());
        if (refs.contains(ref)) {
            return this;
        }
        TreeSet<Ref> updated = new TreeSet<>(refs);
        updated.add(ref);
        SortedMap<String, NavigableSet<Ref>> next = new TreeMap<>(types);
        next.put(type, Collections.unmodifiableNavigableSet(updated));
        return new AnchorMap(histories, next);
    }

    /** The refs recorded for {@code type}, ascending. */
    List<Ref> refsOfType(String type) {
        return List.copyOf(types.getOrDefault(type, Collections.emptyNavigableSet()));
    }

    /** Every anchor: names ascending, oldest first within a name. */
    Stream<Anchor> anchors() {
        return histories.entrySet().stream()
                .flatMap(h -> h.getValue().stream().map(e -> new Anchor(h.getKey(), e.ref(), e.at())));
    }

    byte[] encode() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode anchors = root.putObject("anchors");
        histories.forEach((name, history) -> {
            ArrayNode list = anchors.putArray(name);
            history.forEach(e -> list.addObject().put("at", e.at().toString()).put("ref", e.ref().hex()));
        });
        ObjectNode typeIndex = root.putObject("types");
        types.forEach((type, refs) -> {
            ArrayNode list = typeIndex.putArray(type);
            refs.forEach(r -> list.add(r.hex()));
        });
        return JSON.writeValueAsBytes(root);
    }

    /** Decodes {@link #encode()}'s form; {@link IllegalArgumentException} if {@code bytes} is not one. */
    static AnchorMap decode(byte[] bytes) {
        try {
            JsonNode root = JSON.readTree(bytes);
            SortedMap<String, List<Entry>> histories = new TreeMap<>();
            for (Map.Entry<String, JsonNode> h : root.required("anchors").properties()) {
                List<Entry> history = new ArrayList<>();
                for (JsonNode e : h.getValue()) {
                    history.add(new Entry(new Ref(e.required("ref").asString()),
                            Instant.parse(e.required("at").asString())));
                }
                history.sort(ORDER);
                histories.put(h.getKey(), List.copyOf(withoutRepeats(history)));
            }
            SortedMap<String, NavigableSet<Ref>> types = new TreeMap<>();
            for (Map.Entry<String, JsonNode> t : root.required("types").properties()) {
                TreeSet<Ref> refs = new TreeSet<>();
                t.getValue().forEach(r -> refs.add(new Ref(r.asString())));
                types.put(t.getKey(), Collections.unmodifiableNavigableSet(refs));
            }
            return new AnchorMap(histories, types);
        } catch (JacksonException | DateTimeParseException e) {
            throw new IllegalArgumentException("not an anchor map: " + e.getMessage(), e);
        }
    }

    private static List<Entry> withoutRepeats(List<Entry> sorted) {
        List<Entry> out = new ArrayList<>(sorted.size());
        for (Entry e : sorted) {
            if (out.isEmpty() || !out.get(out.size() - 1).ref().equals(e.ref())) {
                out.add(e);
            }
        }
        return out;
    }
}
