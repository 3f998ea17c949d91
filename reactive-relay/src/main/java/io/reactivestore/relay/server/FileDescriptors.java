package io.reactivestore.relay.server;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The process's file descriptor limit, read through {@code com.sun.management.UnixOperatingSystemMXBean}
 * (HotSpot on Linux already raises the soft limit to the hard one at start, {@code -XX:+MaxFDLimit}).
 * The relay keeps its connection budget below it, so that it refuses connections cleanly (HTTP 503,
 * logged) instead of failing to accept, open store files or resolve names.
 */
final class FileDescriptors {

    /** Descriptors left for everything but client sockets: at least this many. */
    static final int MIN_RESERVE = 256;

    private FileDescriptors() {
    }

    /** The limit, or {@code -1} if the platform does not say. */
    static long limit() {
        try {
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
                return unix.getMaxFileDescriptorCount();
            }
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
        return -1;
    }

    /**
     * The socket budget: {@code configured}, lowered to leave a reserve (a tenth of the limit, at least
     * {@value #MIN_RESERVE}) below a known file descriptor limit.
     */
    static int socketBudget(int configured, long limit) {
        if (limit <= 0) {
            return configured;
        }
        long reserve = Math.max(MIN_RESERVE, limit / 10);
        return (int) Math.max(1, Math.min(configured, limit - reserve));
    }
}
