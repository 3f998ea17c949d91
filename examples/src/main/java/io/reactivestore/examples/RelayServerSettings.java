package io.reactivestore.examples;

import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.retention.RetentionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@link RelayServer}: each one from a command-line flag ({@code --port 7777}), else an
 * environment variable ({@code RELAY_PORT}), else its default. {@link #help()} lists them all.
 */
final class RelayServerSettings {

    /** One setting: flag, environment variable, default, description. */
    record Setting(String flag, String env, String defaultValue, String description) {
    }

    static final List<Setting> ALL = List.of(
            new Setting("--port", "RELAY_PORT", "7777", "TCP port to listen on (0 picks a free one)"),
            new Setting("--host", "RELAY_HOST", "127.0.0.1", "bind address; 0.0.0.0 serves every interface"),
            new Setting("--data-dir", "RELAY_DATA_DIR", "./data", "directory of the embedded store"),
            new Setting("--store", "RELAY_STORE", "lmdb", "embedded store in --data-dir: lmdb, or h2 (file events.mv.db)"),
            new Setting("--import-from-h2", "RELAY_IMPORT_FROM_H2", "",
                    "first copy every event of the H2 store in this directory into the LMDB store (idempotent)"),
            new Setting("--postgres-url", "RELAY_POSTGRES_URL", "", "[r2dbc:]postgresql://user:password@host:port/db; replaces H2"),
            new Setting("--in-memory", "RELAY_IN_MEMORY", "false", "keep events in memory only (lost on exit)"),
            new Setting("--blossom", "RELAY_BLOSSOM", "false",
                    "also serve a Blossom media server (BUD-01/02/04/06/11/12) on the same port, blobs in --data-dir/blossom"),
            new Setting("--blossom-max-mb", "RELAY_BLOSSOM_MAX_MB", "100", "largest Blossom upload, in MiB"),
            new Setting("--blossom-url", "RELAY_BLOSSOM_URL", "",
                    "base URL of Blossom blob descriptors (https://cdn.example.com); default http://<Host header>"),
            new Setting("--cluster", "RELAY_CLUSTER", "false",
                    "one node of several on --postgres-url: deliver the other nodes' events live (LISTEN/NOTIFY)"),
            new Setting("--node-name", "RELAY_NODE_NAME", "",
                    "this cluster node's name in NIP-11 and logs; default host name:port"),
            new Setting("--compact", "RELAY_COMPACT", "false",
                    "rewrite the H2 data file (--store h2) compactly and exit, instead of serving (stop the relay first)"),
            new Setting("--name", "RELAY_NAME", "reactive-store relay", "NIP-11 name"),
            new Setting("--description", "RELAY_DESCRIPTION", "A Nostr relay built on reactive-store.",
                    "NIP-11 description"),
            new Setting("--public-url", "RELAY_PUBLIC_URL", "", "URL clients use (NIP-42 relay tag); default ws://host:port/"),
            new Setting("--admin-pubkeys", "RELAY_ADMIN_PUBKEYS", "",
                    "hex pubkeys (comma-separated) allowed to call the NIP-86 management API (NIP-98 auth); none: off"),
            new Setting("--max-message-bytes", "RELAY_MAX_MESSAGE_BYTES", "131072", "largest WebSocket message"),
            new Setting("--max-subscriptions", "RELAY_MAX_SUBSCRIPTIONS", "20", "open subscriptions per connection"),
            new Setting("--max-filters", "RELAY_MAX_FILTERS", "10", "filters per REQ or COUNT"),
            new Setting("--max-limit", "RELAY_MAX_LIMIT", "500", "clamp of each filter's limit"),
            new Setting("--max-event-tags", "RELAY_MAX_EVENT_TAGS", "2000", "tags per event"),
            new Setting("--max-content-length", "RELAY_MAX_CONTENT_LENGTH", "65536", "characters of content"),
            new Setting("--max-connections", "RELAY_MAX_CONNECTIONS", "10000",
                    "open TCP connections, handshakes included (kept below the file descriptor limit)"),
            new Setting("--events-per-second", "RELAY_EVENTS_PER_SECOND", "0",
                    "events per second per connection (0: no limit)"),
            new Setting("--events-per-second-per-ip", "RELAY_EVENTS_PER_SECOND_PER_IP", "20",
                    "events per second per client address or IPv6 /64 (0: no limit)"),
            new Setting("--requests-per-second", "RELAY_REQUESTS_PER_SECOND", "0",
                    "REQ and COUNT per second per connection (0: no limit)"),
            new Setting("--requests-per-second-per-ip", "RELAY_REQUESTS_PER_SECOND_PER_IP", "50",
                    "REQ and COUNT per second per client address or IPv6 /64 (0: no limit)"),
            new Setting("--rate-burst", "RELAY_RATE_BURST", "100", "messages a rate-limit bucket lets through at once"),
            new Setting("--max-connections-per-ip", "RELAY_MAX_CONNECTIONS_PER_IP", "100",
                    "open TCP connections per client address or IPv6 /64, handshakes included"),
            new Setting("--max-subscriptions-per-ip", "RELAY_MAX_SUBSCRIPTIONS_PER_IP", "500",
                    "open subscriptions per client address across its connections"),
            new Setting("--trusted-proxies", "RELAY_TRUSTED_PROXIES", "",
                    "comma-separated proxy addresses/CIDRs whose X-Forwarded-For / X-Real-IP name the client"),
            new Setting("--handshake-timeout-ms", "RELAY_HANDSHAKE_TIMEOUT_MS", "10000",
                    "time a TCP connection gets to become a WebSocket"),
            new Setting("--ping-interval-seconds", "RELAY_PING_INTERVAL_SECONDS", "30",
                    "WebSocket ping interval; silent for one interval after a ping closes (0: no pings)"),
            new Setting("--idle-timeout-seconds", "RELAY_IDLE_TIMEOUT_SECONDS", "0",
                    "close connections with no subscription and no message for this long (0: never)"),
            new Setting("--max-outbound-bytes", "RELAY_MAX_OUTBOUND_BYTES", "8388608",
                    "bytes queued for a client before it is a slow reader"),
            new Setting("--max-live-backlog", "RELAY_MAX_LIVE_BACKLOG", "10000",
                    "events waiting for live fan-out before EVENTs are refused rate-limited"),
            new Setting("--min-pow", "RELAY_MIN_POW", "0", "NIP-13 difficulty required of every event"),
            new Setting("--auth-required", "RELAY_AUTH_REQUIRED", "none",
                    "NIP-42 AUTH first for: none, reads (REQ, COUNT), writes (EVENT) or all; the bare flag means all"),
            new Setting("--created-at-past-seconds", "RELAY_CREATED_AT_PAST_SECONDS", "0",
                    "refuse events older than this (0: no lower bound)"),
            new Setting("--created-at-future-seconds", "RELAY_CREATED_AT_FUTURE_SECONDS", "900",
                    "refuse events dated further ahead than this"),
            new Setting("--max-outbound-messages", "RELAY_MAX_OUTBOUND_MESSAGES", "1000",
                    "messages queued for a client before it is a slow reader"),
            new Setting("--slow-reader-grace-ms", "RELAY_SLOW_READER_GRACE_MS", "10000",
                    "time a slow reader gets to read its NOTICE before its connection is cut"),
            new Setting("--metrics", "RELAY_METRICS", "false",
                    "record relay and store metrics; serve them at /metrics (Prometheus text) on the relay's port"),
            new Setting("--warm-up-requests", "RELAY_WARM_UP_REQUESTS", "50000",
                    "most REQs sent to a scratch relay before binding, so the JIT is warm; it stops earlier when"
                            + " the CPU per REQ stops falling (0: no warm-up)"),
            new Setting("--warm-up-seconds", "RELAY_WARM_UP_SECONDS", "10",
                    "no warm-up REQs past the first 3,000 are sent after this many seconds"),
            new Setting("--retention-max-age", "RELAY_RETENTION_MAX_AGE", "",
                    "delete regular events older than this (90d, 12h, 30m, 45s; none by default)"),
            new Setting("--retention-kinds", "RELAY_RETENTION_KINDS", "",
                    "per-kind ages, kind:age,... (7:30d,1059:1d); override --retention-max-age"),
            new Setting("--retention-max-bytes", "RELAY_RETENTION_MAX_BYTES", "0",
                    "LMDB or H2 file: delete the oldest regular events while the live data is over this (0: no limit)"),
            new Setting("--retention-interval", "RELAY_RETENTION_INTERVAL", "1m",
                    "pause between retention rounds (each deletes at most 1000 events)"));

    private final Map<String, String> values = new LinkedHashMap<>();

    private RelayServerSettings() {
    }

    /**
     * Reads {@code args} and the environment.
     *
     * @throws IllegalArgumentException on an unknown flag or a flag without its value
     */
    static RelayServerSettings parse(String[] args, Function<String, String> environment) {
        RelayServerSettings settings = new RelayServerSettings();
        for (Setting s : ALL) {
            String env = environment.apply(s.env());
            settings.values.put(s.flag(), env != null && !env.isBlank() ? env.trim() : s.defaultValue());
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (!settings.values.containsKey(arg)) {
                throw new IllegalArgumentException("unknown option " + arg + "\n" + help());
            }
            if (value == null) {
                if (isSwitch(arg)) {
                    value = "true";
                } else if (arg.equals("--auth-required")) {
                    boolean valueFollows = i + 1 < args.length && !args[i + 1].startsWith("--");
                    value = valueFollows ? args[++i] : "all";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
            }
            settings.values.put(arg, value);
        }
        return settings;
    }

    static String help() {
        StringBuilder text = new StringBuilder("options (flag / environment / default):\n");
        for (Setting s : ALL) {
            text.append(String.format(Locale.ROOT, "  %-28s %-34s %-14s %s%n", s.flag(), s.env(),
                    s.defaultValue().isEmpty() ? "-" : s.defaultValue(), s.description()));
        }
        return text.toString();
    }

    String get(String flag) {
        return Objects.requireNonNull(values.get(flag), () -> "no default for " + flag);
    }

    /** A switch: a setting off by default, turned on by its flag alone ({@code --in-memory}, {@code --metrics}). */
    private static boolean isSwitch(String flag) {
        return ALL.stream().anyMatch(s -> s.flag().equals(flag) && s.defaultValue().equals("false"));
    }

    boolean inMemory() {
        return Boolean.parseBoolean(get("--in-memory"));
    }

    /** REQs of the start-up warm-up; 0 skips it. */
    int warmUpRequests() {
        return integer("--warm-up-requests");
    }

    /** How long the start-up warm-up may send REQs, at least 1 s. */
    Duration warmUpBudget() {
        int seconds = integer("--warm-up-seconds");
        if (seconds < 1) {
            throw new IllegalArgumentException("--warm-up-seconds must be at least 1");
        }
        return Duration.ofSeconds(seconds);
    }

    /** Whether to serve Blossom beside the relay. */
    boolean blossom() {
        return Boolean.parseBoolean(get("--blossom"));
    }

    /** The Blossom policy the flags ask for. */
    io.reactivestore.relay.blossom.BlossomOptions blossomOptions() {
        long mb = integer("--blossom-max-mb");
        if (mb < 1) {
            throw new IllegalArgumentException("--blossom-max-mb must be at least 1");
        }
        return io.reactivestore.relay.blossom.BlossomOptions.builder()
                .maxBlobBytes(mb << 20)
                .publicUrl(get("--blossom-url").isBlank() ? null : get("--blossom-url").trim())
                .build();
    }

    boolean cluster() {
        return Boolean.parseBoolean(get("--cluster"));
    }

    String nodeName() {
        return get("--node-name");
    }

    /**
     * The NIP-86 admins; empty when the management API is off.
     *
     * @throws IllegalArgumentException if one is not 64 hex characters
     */
    List<String> adminPubkeys() {
        List<String> admins = new java.util.ArrayList<>();
        for (String part : get("--admin-pubkeys").split(",")) {
            String key = part.trim().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                continue;
            }
            if (!key.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("--admin-pubkeys: '" + part.trim() + "' is not a 64-character hex pubkey");
            }
            admins.add(key);
        }
        return admins;
    }

    /** {@return the {@code --public-url}, or {@code null} if not given} */
    @Nullable String publicUrl() {
        return get("--public-url").isBlank() ? null : get("--public-url").trim();
    }

    /** Whether {@code /metrics} is served. */
    boolean metrics() {
        return Boolean.parseBoolean(get("--metrics"));
    }

    /** A short name of the store the settings choose, for the metrics' {@code store} tag. */
    String storeName() {
        return inMemory() ? "memory" : !postgresUrl().isBlank() ? "postgresql" : store();
    }

    boolean compact() {
        return Boolean.parseBoolean(get("--compact"));
    }

    Path dataDir() {
        return Path.of(get("--data-dir"));
    }

    String postgresUrl() {
        return get("--postgres-url");
    }

    /** {@code lmdb} or {@code h2}: the embedded store in {@link #dataDir()}. */
    String store() {
        String store = get("--store").trim().toLowerCase(Locale.ROOT);
        if (!store.equals("lmdb") && !store.equals("h2")) {
            throw new IllegalArgumentException("--store must be lmdb or h2, got '" + get("--store") + "'");
        }
        return store;
    }

    /** The H2 directory to import into the LMDB store before serving, or {@code null}. */
    @Nullable Path importFromH2() {
        return get("--import-from-h2").isBlank() ? null : Path.of(get("--import-from-h2"));
    }

    private int integer(String flag) {
        try {
            return Integer.parseInt(get(flag));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be an integer, got '" + get(flag) + "'");
        }
    }

    private double decimal(String flag) {
        try {
            return Double.parseDouble(get(flag));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, got '" + get(flag) + "'");
        }
    }

    /** The retention rules of the {@code --retention-*} settings (none by default). */
    RetentionPolicy retentionPolicy() {
        RetentionPolicy.Builder policy = RetentionPolicy.builder()
                .interval(duration("--retention-interval", get("--retention-interval")));
        if (!get("--retention-max-age").isBlank()) {
            policy.maxAge(duration("--retention-max-age", get("--retention-max-age")));
        }
        for (String rule : get("--retention-kinds").split(",")) {
            if (rule.isBlank()) {
                continue;
            }
            String[] kindAge = rule.trim().split(":");
            if (kindAge.length != 2) {
                throw new IllegalArgumentException("--retention-kinds: expected kind:age, got '" + rule + "'");
            }
            try {
                policy.maxAge(Integer.parseInt(kindAge[0].trim()), duration("--retention-kinds", kindAge[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--retention-kinds: kind must be an integer, got '" + rule + "'");
            }
        }
        try {
            return policy.maxBytes(Long.parseLong(get("--retention-max-bytes").trim())).build();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--retention-max-bytes must be an integer, got '"
                    + get("--retention-max-bytes") + "'");
        }
    }

    /** {@code 90d}, {@code 12h}, {@code 30m}, {@code 45s} or plain seconds. */
    private static Duration duration(String flag, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            char unit = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
            long n = Long.parseLong(Character.isDigit(unit) ? t : t.substring(0, t.length() - 1));
            return switch (unit) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": expected a duration such as 90d, 12h, 30m or 45s, got '"
                    + text + "'");
        }
    }

    /** {@code none}, {@code reads}, {@code writes} or {@code all} ({@code true} and {@code false} as all and none). */
    private String authRequired() {
        String value = get("--auth-required").trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "true":
                return "all";
            case "false":
                return "none";
            case "none":
            case "reads":
            case "writes":
            case "all":
                return value;
            default:
                throw new IllegalArgumentException(
                        "--auth-required must be none, reads, writes or all, got '" + get("--auth-required") + "'");
        }
    }

    /** The relay options these settings describe. */
    RelayOptions.Builder relayOptions() {
        String auth = authRequired();
        long past = integer("--created-at-past-seconds");
        RelayOptions.Builder options = RelayOptions.builder()
                .port(integer("--port"))
                .host(get("--host"))
                .name(get("--name"))
                .description(get("--description"))
                .maxMessageBytes(integer("--max-message-bytes"))
                .maxSubscriptions(integer("--max-subscriptions"))
                .maxFiltersPerRequest(integer("--max-filters"))
                .maxLimit(integer("--max-limit"))
                .defaultLimit(integer("--max-limit"))
                .maxEventTags(integer("--max-event-tags"))
                .maxContentLength(integer("--max-content-length"))
                .maxConnections(integer("--max-connections"))
                .eventsPerSecondPerConnection(decimal("--events-per-second"))
                .eventsPerSecondPerIp(decimal("--events-per-second-per-ip"))
                .requestsPerSecondPerConnection(decimal("--requests-per-second"))
                .requestsPerSecondPerIp(decimal("--requests-per-second-per-ip"))
                .minPowDifficulty(integer("--min-pow"))
                .authRequiredForReads(auth.equals("reads") || auth.equals("all"))
                .authRequiredForWrites(auth.equals("writes") || auth.equals("all"))
                .createdAtPast(past == 0 ? null : Duration.ofSeconds(past))
                .createdAtFuture(Duration.ofSeconds(integer("--created-at-future-seconds")))
                .maxOutboundMessages(integer("--max-outbound-messages"))
                .slowReaderGrace(Duration.ofMillis(integer("--slow-reader-grace-ms")))
                .rateBurst(integer("--rate-burst"))
                .maxConnectionsPerAddress(integer("--max-connections-per-ip"))
                .maxSubscriptionsPerAddress(integer("--max-subscriptions-per-ip"))
                .handshakeTimeout(Duration.ofMillis(integer("--handshake-timeout-ms")))
                .pingInterval(Duration.ofSeconds(integer("--ping-interval-seconds")))
                .idleTimeout(Duration.ofSeconds(integer("--idle-timeout-seconds")))
                .maxOutboundBytes(Long.parseLong(get("--max-outbound-bytes").trim()))
                .maxLiveBacklog(integer("--max-live-backlog"));
        for (String proxy : get("--trusted-proxies").split(",")) {
            if (!proxy.isBlank()) {
                options.trustedProxy(proxy.trim());
            }
        }
        if (!get("--public-url").isBlank()) {
            options.publicUrl(get("--public-url"));
        }
        return options;
    }
}
