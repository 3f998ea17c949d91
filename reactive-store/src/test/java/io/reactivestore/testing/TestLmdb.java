package io.reactivestore.testing;

import io.reactivestore.store.lmdb.LmdbEventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** LMDB stores for the suites that take a backend: each in a new subdirectory, starting with a 1 MiB map. */
public final class TestLmdb {

    private static final AtomicInteger STORES = new AtomicInteger();

    private TestLmdb() {
    }

    /**
     * A new, empty LMDB store under {@code parent}, opened with a 1 MiB map so that tests also exercise
     * its growth.
     *
     * @param parent a temporary directory
     * @return the open store
     */
    public static LmdbEventStore open(Path parent) {
        return LmdbEventStore.builder(parent.resolve("lmdb-" + STORES.incrementAndGet()))
                .initialMapSize(1 << 20)
                .open()
                .block(Duration.ofSeconds(90)); // the first open in a JVM loads jnr-ffi: seconds on a busy machine
    }
}
