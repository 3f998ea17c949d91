package io.reactivestore.store.ndjson;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.BOB;
import static io.reactivestore.testing.TestEvents.event;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.NostrJson;
import io.reactivestore.store.EventLimits;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

class NdjsonTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void exportThenImportThroughAFileRoundTripsEveryEventByteExact() {
        List<Event> events = IntStream.range(0, 300)
                .mapToObj(i -> event(i % 2 == 0 ? ALICE : BOB, i % 7 == 0 ? 30023 : 1, 1000 + i,
                        "n\u00f6str \uD83D\uDE80 '; -- " + i, "d", "d" + i))
                .toList();
        R2dbcEventStore source = R2dbcEventStores.h2InMemory().block(TIMEOUT);
        EventStore target = MemoryEventStore.create();
        try {
            source.importEvents(Flux.fromIterable(events)).block(TIMEOUT);
            List<NdjsonProgress> progress = new ArrayList<>();
            NdjsonProgress exported = Ndjson.export(source, dir.resolve("backup.jsonl"), 100, progress::add)
                    .block(TIMEOUT);
            assertThat(exported.lines()).isEqualTo(300);
            assertThat(progress).extracting(NdjsonProgress::lines).containsExactly(100L, 200L, 300L, 300L);

            NdjsonImportReport report = Ndjson.importInto(target, dir.resolve("backup.jsonl"),
                    NdjsonImportOptions.DEFAULTS).block(TIMEOUT);
            assertThat(report.lines()).isEqualTo(300);
            assertThat(report.stored()).isEqualTo(300);
            assertThat(report.rejected()).isZero();
            Map<String, String> json = new HashMap<>();
            target.query(Filter.ALL).doOnNext(e -> json.put(e.id(), e.toJson())).blockLast(TIMEOUT);
            assertThat(json).hasSize(300);
            events.forEach(e -> assertThat(json.get(e.id())).isEqualTo(e.toJson()));
        } finally {
            source.close().block(TIMEOUT);
        }
    }

    @Test
    void badLinesAreReportedWithTheirReasonAndTheImportGoesOn() {
        Event good1 = note(ALICE, 100, "good 1");
        Event good2 = note(BOB, 200, "good 2");
        Event tampered = note(ALICE, 300, "original");
        String badId = tampered.toJson().replace("original", "tampered");
        Event other = note(BOB, 400, "other");
        String badSig = other.toJson().replace(other.sig(), tampered.sig());
        String tooLong = note(ALICE, 500, "x".repeat(300)).toJson();
        String input = good1.toJson() + "\n"
                + "{not json\n"
                + "\n"
                + badId + "\r\n"
                + badSig + "\n"
                + tooLong + "\n"
                + "[\"EVENT\"]\n"
                + good2.toJson(); // no final newline
        List<NdjsonRejection> seen = new ArrayList<>();
        EventStore target = MemoryEventStore.create();
        NdjsonImportReport report = Ndjson.importInto(target,
                        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                        NdjsonImportOptions.DEFAULTS.withMaxLineBytes(400).withOnRejected(seen::add))
                .block(TIMEOUT);
        assertThat(report.lines()).isEqualTo(7);
        assertThat(report.stored()).isEqualTo(2);
        assertThat(report.rejected()).isEqualTo(5);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(report.firstRejections());
        assertThat(report.firstRejections())
                .extracting(r -> r.line() + ":" + r.reason())
                .containsExactlyInAnyOrder("2:BAD_JSON", "4:BAD_ID", "5:BAD_SIGNATURE", "6:TOO_LONG", "7:BAD_JSON");
        assertThat(target.query(Filter.ALL).collectList().block(TIMEOUT)).containsExactly(good2, good1);
    }

    @Test
    void withoutVerificationOnlyTheStoreDecides() {
        Event tampered = note(ALICE, 300, "original");
        String badId = tampered.toJson().replace("original", "tampered");
        EventStore target = MemoryEventStore.create();
        NdjsonImportReport report = Ndjson.importInto(target,
                new ByteArrayInputStream((badId + "\n").getBytes(StandardCharsets.UTF_8)),
                NdjsonImportOptions.DEFAULTS.withVerify(false)).block(TIMEOUT);
        assertThat(report.stored()).isEqualTo(1);
        assertThat(report.rejected()).isZero();
    }

    @Test
    void eventsTheStoreRefusesAreRejectedAsRefused() {
        R2dbcEventStore target = R2dbcEventStores.builder().h2InMemory("ndjson_refused")
                .limits(new EventLimits(100_000, 10, 10, 10, 100)).open().block(TIMEOUT);
        try {
            Event big = note(ALICE, 100, "more than ten bytes");
            Event small = note(ALICE, 200, "tiny");
            NdjsonImportReport report = Ndjson.importInto(target, new ByteArrayInputStream(
                            (big.toJson() + "\n" + small.toJson() + "\n").getBytes(StandardCharsets.UTF_8)),
                    NdjsonImportOptions.DEFAULTS).block(TIMEOUT);
            assertThat(report.stored()).isEqualTo(1);
            assertThat(report.firstRejections()).singleElement()
                    .satisfies(r -> {
                        assertThat(r.line()).isEqualTo(1);
                        assertThat(r.reason()).isEqualTo(NdjsonRejection.Reason.REFUSED);
                        assertThat(r.message()).startsWith("content");
                    });
        } finally {
            target.close().block(TIMEOUT);
        }
    }

    @Test
    void anEventKeptWithLineBreaksInItsWhitespaceIsExportedOnOneLine() {
        Event e = note(ALICE, 100, "multi\nline content");
        String pretty = e.toJson().replace(",\"", ",\n  \"").replace("{", "{\r\n");
        Event parsed = NostrJson.parseEvent(pretty);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Ndjson.export(Flux.just(parsed, e), out, 1000, p -> { }).block(TIMEOUT);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).isEmpty();
        assertThat(lines[1]).isEqualTo(e.toJson());
        Event back = NostrJson.parseEvent(lines[0]);
        assertThat(back.id()).isEqualTo(e.id());
        assertThat(back.content()).isEqualTo("multi\nline content");
        assertThat(back.hasValidId()).isTrue();
    }
}
