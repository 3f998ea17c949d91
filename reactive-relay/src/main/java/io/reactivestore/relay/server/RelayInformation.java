package io.reactivestore.relay.server;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The NIP-11 relay information document, rendered from the options: name, description, contacts,
 * supported NIPs and every configured limit under {@code limitation}: the NIP-11 fields, plus the
 * budgets NIP-11 has no field for ({@code *_per_ip} apply per IPv4 address or IPv6 /64); then the
 * {@linkplain RelayOptions#informationOverlays() overlays}, read again for each rendering.
 */
final class RelayInformation {

    /** The NIPs this relay implements on any store. */
    static final List<Integer> SUPPORTED_NIPS = List.of(1, 9, 11, 13, 40, 42, 45, 77);
    /** NIP-50 search, implemented when the store supports it. */
    static final int SEARCH_NIP = 50;
    static final String MEDIA_TYPE = "application/nostr+json";
    static final String SOFTWARE = "https://github.com/reactive-store/reactive-store";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RelayInformation() {
    }

    /** {@link #SUPPORTED_NIPS}, with {@link #SEARCH_NIP} in order if {@code search}. */
    static List<Integer> supportedNips(boolean search) {
        if (!search) {
            return SUPPORTED_NIPS;
        }
        List<Integer> nips = new java.util.ArrayList<>(SUPPORTED_NIPS);
        nips.add(SEARCH_NIP);
        nips.sort(null);
        return List.copyOf(nips);
    }

    /** The document for options {@code o} on a store without search. */
    static byte[] render(RelayOptions o) {
        return render(o, false);
    }

    /** The document for options {@code o}; {@code search}: whether the store answers NIP-50 search filters. */
    static byte[] render(RelayOptions o, boolean search) {
        Map<String, Object> doc = document(o, search);
        for (java.util.function.Supplier<Map<String, Object>> overlay : o.informationOverlays()) {
            overlay(doc, overlay.get());
        }
        return JSON.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Puts the fields of {@code overlay} over {@code doc}; {@code supported_nips} are added to the document's
     * (sorted, each once) instead of replacing them.
     */
    private static void overlay(Map<String, Object> doc, Map<String, Object> overlay) {
        overlay.forEach((key, value) -> {
            if ("supported_nips".equals(key) && value instanceof java.util.Collection<?> nips
                    && doc.get(key) instanceof java.util.Collection<?> present) {
                java.util.TreeSet<Integer> all = new java.util.TreeSet<>();
                for (Object nip : present) {
                    all.add(((Number) nip).intValue());
                }
                for (Object nip : nips) {
                    all.add(((Number) nip).intValue());
                }
                doc.put(key, List.copyOf(all));
            } else {
                doc.put(key, value);
            }
        });
    }

    private static Map<String, Object> document(RelayOptions o, boolean search) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", o.name());
        doc.put("description", o.description());
        if (o.adminPubkey() != null) {
            doc.put("pubkey", o.adminPubkey());
        }
        if (o.contact() != null) {
            doc.put("contact", o.contact());
        }
        doc.put("supported_nips", supportedNips(search));
        doc.put("software", SOFTWARE);
        doc.put("version", version());
        o.clusterNode().ifPresent(node -> doc.put("cluster", Map.of("node", node)));
        Map<String, Object> limitation = new LinkedHashMap<>();
        limitation.put("max_message_length", o.maxMessageBytes());
        limitation.put("max_subscriptions", o.maxSubscriptions());
        limitation.put("max_filters", o.maxFiltersPerRequest());
        limitation.put("max_limit", o.maxLimit());
        limitation.put("default_limit", o.defaultLimit());
        limitation.put("max_subid_length", 64);
        limitation.put("max_event_tags", o.maxEventTags());
        limitation.put("max_content_length", o.maxContentLength());
        limitation.put("min_pow_difficulty", o.minPowDifficulty());
        limitation.put("auth_required", o.authRequiredForReads() && o.authRequiredForWrites());
        limitation.put("payment_required", false);
        limitation.put("restricted_writes", o.authRequiredForWrites() || o.minPowDifficulty() > 0
                || !o.eventPolicies().isEmpty());
        if (o.createdAtPast() != null) {
            limitation.put("created_at_lower_limit", o.createdAtPast().getSeconds());
        }
        if (o.createdAtFuture() != null) {
            limitation.put("created_at_upper_limit", o.createdAtFuture().getSeconds());
        }
        limitation.put("max_connections", o.maxConnections());
        limitation.put("events_per_second_per_connection", o.eventsPerSecondPerConnection());
        limitation.put("events_per_second_per_ip", o.eventsPerSecondPerIp());
        limitation.put("requests_per_second_per_connection", o.requestsPerSecondPerConnection());
        limitation.put("requests_per_second_per_ip", o.requestsPerSecondPerIp());
        limitation.put("rate_burst", o.rateBurst());
        limitation.put("max_connections_per_ip", o.maxConnectionsPerAddress());
        limitation.put("max_subscriptions_per_ip", o.maxSubscriptionsPerAddress());
        limitation.put("handshake_timeout_seconds", o.handshakeTimeout().toSeconds());
        limitation.put("ping_interval_seconds", o.pingInterval().toSeconds());
        limitation.put("idle_timeout_seconds", o.idleTimeout().toSeconds());
        limitation.put("max_outbound_bytes", o.maxOutboundBytes());
        limitation.put("max_negentropy_sessions", o.maxNegentropySessions());
        limitation.put("negentropy_frame_size_limit", o.negentropyFrameSizeLimit());
        limitation.put("max_negentropy_records", o.maxNegentropyRecords());
        limitation.put("max_negentropy_sessions_total", o.maxNegentropySessionsTotal());
        limitation.put("negentropy_idle_timeout_seconds", o.negentropyIdleTimeout().toSeconds());
        doc.put("limitation", limitation);
        return doc;
    }

    private static String version() {
        String version = RelayInformation.class.getPackage().getImplementationVersion();
        return version != null ? version : "0.1.0-SNAPSHOT";
    }
}
