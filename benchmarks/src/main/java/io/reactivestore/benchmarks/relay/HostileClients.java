package io.reactivestore.benchmarks.relay;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.message.ClientMessage;
import io.reactivestore.relay.message.MessageJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * An attacker harness for a relay on loopback, reproducing the five findings of issue 21 one after
 * another, each from its own 127.x address, while a canary (127.0.0.250) sends a REQ every second and
 * holds a live subscription, and a publisher (127.0.0.251) publishes two events a second (the
 * {@code hoard} scenario: 200 at 50/s). For each scenario it prints the canary's REQ->EOSE p50/max, its
 * live-delivery p50/max (publish to arrival), the publisher's OK p99 and the relay's RSS before / peak /
 * after (from {@code /proc/<pid>/status}, with {@code --relay-pid}).
 *
 * <pre>
 * java -cp ... io.reactivestore.benchmarks.relay.HostileClients ws://127.0.0.1:7799/ --relay-pid 1234 \
 *     [--scenarios connections,handshakes,idle,hoard,flood,slow] [--hoard-connections 200] [--handshakes 20000]
 * </pre>
 *
 * <p>Every loop is bounded (connection counts, event counts, and a deadline per wait), only loopback
 * addresses are used, and it stops by itself. Scenarios: {@code connections} (up to 10,000 WebSockets from
 * one address), {@code handshakes} (stalled upgrade requests from one address, a fresh client from another
 * timed meanwhile), {@code idle} (2,000 upgraded sockets that never send anything nor answer pings),
 * {@code hoard} (connections x 20 match-all subscriptions from one address), {@code flood} (20,000
 * REQ+CLOSE pairs on one connection), {@code slow} (10 subscribed readers that never read, 400 events of
 * 60 KB published).
 */
public final class HostileClients {

    private static final String CANARY = "127.0.0.250";
    private static final String PUBLISHER = "127.0.0.251";
    private static final long WAIT_MS = 30_000;

    private final String url;
    private final long relayPid;
    private final KeyPair keys = KeyPair.generate();
    private volatile Latencies canaryReq = new Latencies(10_000);
    private volatile Latencies canaryLive = new Latencies(100_000);
    private volatile Latencies publisherOk = new Latencies(100_000);
    private final Map<String, Long> okSent = new ConcurrentHashMap<>();
    private final Map<String, Long> reqSent = new ConcurrentHashMap<>();
    private final AtomicLong rssPeakKb = new AtomicLong();
    private final AtomicInteger okRefused = new AtomicInteger();
    private @Nullable HostileWs canary;
    private @Nullable HostileWs publisher;
    private volatile boolean trickle;

    private HostileClients(String url, long relayPid) {
        this.url = url;
        this.relayPid = relayPid;
    }

    /**
     * Runs the harness.
     *
     * @param args the relay URL, then options (see the class Javadoc)
     * @throws Exception if the harness itself fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: HostileClients ws://127.0.0.1:port/ [--relay-pid N] [--scenarios a,b] "
                    + "[--hoard-connections 200] [--handshakes 20000]");
            System.exit(2);
        }
        String url = args[0];
        long pid = -1;
        List<String> scenarios = List.of("connections", "handshakes", "idle", "hoard", "flood", "slow");
        int hoardConnections = 200;
        int handshakes = 20_000;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--relay-pid" -> pid = Long.parseLong(args[i + 1]);
                case "--scenarios" -> scenarios = Arrays.asList(args[i + 1].split(","));
                case "--hoard-connections" -> hoardConnections = Integer.parseInt(args[i + 1]);
                case "--handshakes" -> handshakes = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        HostileClients harness = new HostileClients(url, pid);
        harness.run(scenarios, hoardConnections, handshakes);
        System.exit(0);
    }

    private void run(List<String> scenarios, int hoardConnections, int handshakes) throws Exception {
        Thread sampler = new Thread(this::sampleRss, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        canary = HostileWs.connectQuiet(url, CANARY, this::onCanary);
        publisher = HostileWs.connectQuiet(url, PUBLISHER, this::onPublisher);
        canary.open.get(10, TimeUnit.SECONDS);
        publisher.open.get(10, TimeUnit.SECONDS);
        Objects.requireNonNull(canary, "connected").send("[\"REQ\",\"live\",{\"kinds\":[1],\"limit\":0}]");
        Thread canaryReqs = new Thread(this::canaryRequests, "canary-reqs");
        canaryReqs.setDaemon(true);
        canaryReqs.start();
        Thread trickler = new Thread(this::trickle, "publisher-trickle");
        trickler.setDaemon(true);
        trickler.start();
        System.out.printf(Locale.ROOT, "%-12s | %-62s | %-17s | %-17s | %-7s | %-30s | %s%n", "scenario", "outcome",
                "canary REQ p50/max", "canary live p50/max", "OK p99", "relay RSS MB before/peak/after",
                "relay CPU s");
        for (String scenario : scenarios) {
            long before = rssKb();
            double cpuBefore = relayCpuSeconds();
            rssPeakKb.set(before);
            canaryReq = new Latencies(10_000);
            canaryLive = new Latencies(100_000);
            publisherOk = new Latencies(100_000);
            okRefused.set(0);
            trickle = !scenario.equals("hoard");
            String outcome = switch (scenario) {
                case "connections" -> connections();
                case "handshakes" -> handshakes(handshakes);
                case "idle" -> idle();
                case "hoard" -> hoard(hoardConnections);
                case "flood" -> flood();
                case "slow" -> slow();
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            };
            trickle = false;
            Thread.sleep(3000);
            long after = rssKb();
            System.out.printf(Locale.ROOT,
                    "%-12s | %-62s | %7.1f / %7.1f | %7.1f / %7.1f | %7.1f | %8d / %8d / %8d | %.1f%n",
                    scenario, outcome, canaryReq.percentileMillis(50), canaryReq.percentileMillis(100),
                    canaryLive.percentileMillis(50), canaryLive.percentileMillis(100), publisherOk.percentileMillis(99),
                    before / 1024, rssPeakKb.get() / 1024, after / 1024, relayCpuSeconds() - cpuBefore);
        }
        canary.close();
        publisher.close();
    }

    // ---------------------------------------------------------------- the five findings (and bytes)

    /** Finding 1: one address opens up to 10,000 WebSockets; then a client from another address connects. */
    private String connections() throws Exception {
        List<HostileWs> held = new ArrayList<>();
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 10_000 && refused < 500; i++) {
            HostileWs ws = HostileWs.connect(url, "127.0.0.2", text -> { });
            try {
                ws.open.get(10, TimeUnit.SECONDS);
                held.add(ws);
                accepted++;
            } catch (Exception e) {
                ws.close();
                refused++;
            }
        }
        long connectMs = timeFreshConnect("127.0.0.3");
        held.forEach(HostileWs::close);
        return String.format(Locale.ROOT, "%d accepted, %d refused; other address connected in %d ms",
                accepted, refused, connectMs);
    }

    /** Finding 2: stalled upgrade requests from one address; a fresh client from another timed meanwhile. */
    private String handshakes(int count) throws Exception {
        long worstMs = 0;
        try (RawSockets stalled = new RawSockets(url, "127.0.0.4")) {
            for (int i = 0; i < count; i++) {
                stalled.open(RawSockets.PARTIAL);
                if (i % 500 == 0) {
                    stalled.sweep();
                }
                if (i % 5000 == 4999) {
                    worstMs = Math.max(worstMs, timeFreshConnect("127.0.0.5"));
                }
            }
            stalled.sweep();
            worstMs = Math.max(worstMs, timeFreshConnect("127.0.0.5"));
            int openAfterAttack = stalled.open();
            long deadline = System.currentTimeMillis() + WAIT_MS;
            while (stalled.open() > 0 && System.currentTimeMillis() < deadline) {
                stalled.drain(500);
            }
            return String.format(Locale.ROOT, "%d sent, statuses %s, %d open, %d left after %ds; fresh max %d ms",
                    stalled.opened(), stalled.statuses(), openAfterAttack, stalled.open(), WAIT_MS / 1000, worstMs);
        }
    }

    /** Finding 3: 2,000 upgraded sockets that never send a message nor answer a ping. */
    private String idle() throws Exception {
        try (RawSockets idle = new RawSockets(url, "127.0.0.6")) {
            for (int i = 0; i < 2000; i++) {
                idle.open(RawSockets.UPGRADE);
                if (i % 200 == 0) {
                    idle.sweep();
                }
            }
            idle.drain(1000);
            long start = System.currentTimeMillis();
            long deadline = start + 2 * WAIT_MS + 30_000;
            while (idle.open() > 0 && System.currentTimeMillis() < deadline) {
                idle.drain(500);
            }
            return String.format(Locale.ROOT, "2000 sent, statuses %s; %d upgraded left open after %d s",
                    idle.statuses(), idle.open(), (System.currentTimeMillis() - start) / 1000);
        }
    }

    /** Finding 4: connections x 20 match-all subscriptions from one address; 200 events at 50/s from another. */
    private String hoard(int connectionCount) throws Exception {
        List<HostileWs> hoarders = new ArrayList<>();
        AtomicLong received = new AtomicLong();
        AtomicInteger closedSubs = new AtomicInteger();
        int open = 0;
        for (int c = 0; c < connectionCount; c++) {
            HostileWs ws = HostileWs.connect(url, "127.0.0.7", text -> {
                received.incrementAndGet();
                if (text.startsWith("[\"CLOSED\"")) {
                    closedSubs.incrementAndGet();
                }
            });
            try {
                ws.open.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                ws.close();
                continue;
            }
            open++;
            hoarders.add(ws);
            for (int s = 0; s < 20; s++) {
                ws.send("[\"REQ\",\"all" + s + "\",{\"limit\":0}]");
            }
        }
        Thread.sleep(2000);
        int subscriptions = open * 20 - closedSubs.get();
        long before = received.get();
        for (int i = 0; i < 200; i++) {
            publish();
            Thread.sleep(20);
        }
        Thread.sleep(5000);
        long deliveries = received.get() - before;
        hoarders.forEach(HostileWs::close);
        return String.format(Locale.ROOT, "%d conns, %d subs held, %d deliveries; %d OK false", open, subscriptions,
                deliveries, okRefused.get());
    }

    /** Finding 5a: 20,000 REQ+CLOSE pairs on one connection. */
    private String flood() throws Exception {
        AtomicInteger eose = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        HostileWs ws = HostileWs.connect(url, "127.0.0.8", text -> {
            if (text.startsWith("[\"EOSE\"")) {
                eose.incrementAndGet();
            } else if (text.startsWith("[\"CLOSED\"") && text.contains("rate-limited:")) {
                limited.incrementAndGet();
            }
        });
        ws.open.get(10, TimeUnit.SECONDS);
        String none = "0".repeat(64);
        long deadline = System.currentTimeMillis() + 4 * WAIT_MS;
        for (int i = 0; i < 20_000 && System.currentTimeMillis() < deadline; i++) {
            while (i - eose.get() - limited.get() > 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(1);
            }
            ws.send("[\"REQ\",\"f" + i + "\",{\"ids\":[\"" + none + "\"]}]");
            ws.send("[\"CLOSE\",\"f" + i + "\"]");
        }
        while (eose.get() + limited.get() < 20_000 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        ws.close();
        return String.format(Locale.ROOT, "20000 REQ+CLOSE: %d executed, %d rate-limited", eose.get(), limited.get());
    }

    /** Finding 5b: 10 subscribers that never read while 400 events of 60 KB (24 MB) are published. */
    private String slow() throws Exception {
        try (RawSockets readers = new RawSockets(url, "127.0.0.9")) {
            for (int i = 0; i < 10; i++) {
                readers.open(RawSockets.UPGRADE);
            }
            readers.drain(1000);
            readers.sendText("[\"REQ\",\"all\",{\"kinds\":[1],\"limit\":0}]");
            readers.drain(500);
            readers.pauseReading();
            String bulk = "x".repeat(60_000);
            for (int i = 0; i < 400; i++) {
                publish(bulk);
                Thread.sleep(20);
            }
            Thread.sleep(2000);
            readers.resumeReading();
            long deadline = System.currentTimeMillis() + WAIT_MS;
            while (readers.open() > 0 && System.currentTimeMillis() < deadline) {
                readers.drain(500);
            }
            return String.format(Locale.ROOT, "10 paused readers: %d got the slow-reader NOTICE, %d closed",
                    readers.notices(), readers.closedByRelay());
        }
    }

    // ---------------------------------------------------------------- canary, publisher, RSS

    private long timeFreshConnect(String from) {
        long start = System.nanoTime();
        HostileWs ws = HostileWs.connectQuiet(url, from, text -> { });
        try {
            ws.open.get(10, TimeUnit.SECONDS);
            return (System.nanoTime() - start) / 1_000_000;
        } catch (Exception e) {
            return -1;
        } finally {
            ws.close();
        }
    }

    private void publish() {
        publish("");
    }

    private void publish(String padding) {
        Event event = keys.sign(new UnsignedEvent(System.currentTimeMillis() / 1000, 1, List.of(),
                "t=" + System.nanoTime() + ";" + padding));
        okSent.put(event.id(), System.nanoTime());
        Objects.requireNonNull(publisher, "connected").send(new String(MessageJson.write(new ClientMessage.Publish(event)), StandardCharsets.UTF_8));
    }

    private void onPublisher(String text) {
        if (text.startsWith("[\"OK\",\"")) {
            String id = text.substring(7, 71);
            Long sent = okSent.remove(id);
            if (sent != null) {
                publisherOk.record(System.nanoTime() - sent);
            }
            if (text.contains(",false,")) {
                okRefused.incrementAndGet();
            }
        }
    }

    private void onCanary(String text) {
        long now = System.nanoTime();
        if (text.startsWith("[\"EVENT\",\"live\"")) {
            int at = text.indexOf("\"content\":\"t=");
            if (at >= 0) {
                int start = at + 13;
                int end = text.indexOf(';', start);
                if (end > start) {
                    canaryLive.record(now - Long.parseLong(text.substring(start, end)));
                }
            }
        } else if (text.startsWith("[\"EOSE\",\"q")) {
            String id = text.substring(9, text.indexOf('"', 9));
            Long sent = reqSent.remove(id);
            if (sent != null) {
                canaryReq.record(now - sent);
                Objects.requireNonNull(canary, "connected").send("[\"CLOSE\",\"" + id + "\"]");
            }
        }
    }

    private void canaryRequests() {
        for (int i = 0; i < 100_000; i++) {
            String id = "q" + i;
            reqSent.put(id, System.nanoTime());
            Objects.requireNonNull(canary, "connected").send("[\"REQ\",\"" + id + "\",{\"kinds\":[1],\"limit\":20}]");
            sleep(1000);
        }
    }

    private void trickle() {
        for (int i = 0; i < 1_000_000; i++) {
            if (trickle) {
                publish();
            }
            sleep(500);
        }
    }

    private void sampleRss() {
        for (int i = 0; i < 10_000_000; i++) {
            rssPeakKb.accumulateAndGet(rssKb(), Math::max);
            sleep(100);
        }
    }

    /** User + system CPU seconds of the relay process so far (from {@code /proc/<pid>/stat}, 100 ticks/s). */
    private double relayCpuSeconds() {
        if (relayPid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + relayPid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private long rssKb() {
        if (relayPid <= 0) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + relayPid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
