package io.reactivestore.examples;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location written as a URL: {@code [r2dbc:]postgresql://user:password@host:port/database}
 * (port 5432 when omitted). The password may come from {@code RELAY_POSTGRES_PASSWORD} instead.
 */
record PostgresUrl(String host, int port, String database, String user, String password) {

    /** @throws IllegalArgumentException naming what is missing */
    static PostgresUrl parse(String text) {
        String plain = text.startsWith("r2dbc:") ? text.substring("r2dbc:".length()) : text;
        URI uri = URI.create(plain);
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("a PostgreSQL URL starts with postgresql://, got " + text);
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("a PostgreSQL URL needs a host and a database: " + text);
        }
        String user = "postgres";
        String password = System.getenv().getOrDefault("RELAY_POSTGRES_PASSWORD", "");
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            if (parts.length == 2) {
                password = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        return new PostgresUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), uri.getPath().substring(1),
                user, password);
    }

    @Override
    public String toString() {
        return "PostgresUrl[" + user + "@" + host + ":" + port + "/" + database + "]";
    }
}
