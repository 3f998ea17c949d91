package io.reactivestore.store.lmdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A child JVM's main: opens the first LMDB store of its JVM on a thread without a context class loader and
 * prints {@code OPENED}, or the failure.
 */
public final class NoContextClassLoaderChild {

    private NoContextClassLoaderChild() {
    }

    /**
     * Opens and closes a store in a temporary directory on a thread whose context class loader is null.
     *
     * @param args unused
     * @throws Exception if the thread cannot be joined
     */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("lmdb-no-ccl");
        Thread opener = new Thread(() -> {
            try {
                LmdbEventStore store = LmdbEventStore.builder(dir).open().block(Duration.ofSeconds(30));
                store.close().block(Duration.ofSeconds(30));
                System.out.println("OPENED");
            } catch (Throwable e) {
                System.out.println("FAILED " + e);
            }
        });
        opener.setContextClassLoader(null);
        opener.start();
        opener.join(60_000);
        System.exit(0);
    }
}
