package io.reactivestore.internal.sql;

import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.h2.H2ConnectionOption;
import io.r2dbc.spi.ConnectionFactory;

/**
 * The only class that names r2dbc-h2 types, so that {@link SqlDatabase} loads without the (optional) H2
 * driver; call it after {@link SqlDrivers#requireH2()}.
 */
final class H2Connections {

    private H2Connections() {
    }

    /** Connections to an H2 file and the maintenance (group fsync, online compaction) of that file. */
    record File(ConnectionFactory factory, H2FileMaintenance maintenance) {
    }

    /**
     * Connections to the H2 file {@code path} (absolute, without {@code .mv.db}, after an optional H2
     * file-system prefix). The path goes through {@link H2ConnectionConfiguration}, avoiding the r2dbc-h2
     * URL four-slash pitfall; commits are written to the file before they return ({@code WRITE_DELAY=0});
     * freed space is reused at once ({@code RETENTION_TIME=0}, made crash-safe by {@link H2FileMaintenance#sync});
     * pages are compressed; closing does not compact ({@code MAX_COMPACT_TIME=0}: the store compacts online, and
     * H2's 200 ms of compaction at close, cut short, left the file larger than before).
     */
    static File file(String path) {
        H2ConnectionConfiguration config = H2ConnectionConfiguration.builder()
                .file(path)
                .property("WRITE_DELAY", "0")
                .property("RETENTION_TIME", "0")
                .property("COMPRESS", "TRUE")
                .property("MAX_COMPACT_TIME", "0")
                .property(H2ConnectionOption.DB_CLOSE_ON_EXIT, "FALSE")
                .build();
        return new File(new H2ConnectionFactory(config), new H2FileMaintenance(config));
    }

    /** Connections to the private in-memory database {@code name}, which survives its last connection. */
    static ConnectionFactory inMemory(String name) {
        return new H2ConnectionFactory(H2ConnectionConfiguration.builder()
                .inMemory(name)
                .property(H2ConnectionOption.DB_CLOSE_DELAY, "-1")
                .build());
    }
}
