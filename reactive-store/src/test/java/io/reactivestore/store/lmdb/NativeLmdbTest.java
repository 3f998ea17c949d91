package io.reactivestore.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.testing.KilledChild;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The first LMDB store of a JVM opens on a thread without a context class loader (a fresh JVM, since
 * lmdbjava loads its native library once per JVM).
 */
@Tag("integration")
class NativeLmdbTest {

    @Test
    void theFirstStoreOpensOnAThreadWithoutAContextClassLoader() throws Exception {
        Process child = KilledChild.start(NoContextClassLoaderChild.class, List.of());
        String line;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(line).isEqualTo("OPENED");
    }
}
