package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classpath that importing the BOM and naming the modules gives: the versions the project's own
 * build resolved and tested, and no PostgreSQL driver in an application that uses only the embedded store.
 */
class ClasspathTest {

    /** groupId:artifactId to version, for every jar on this test's classpath that comes from the local repository. */
    private static Map<String, String> classpathArtifacts() {
        Path repository = Path.of(System.getProperty("consumer.localRepository")).toAbsolutePath().normalize();
        Map<String, String> artifacts = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath().normalize();
            if (!jar.startsWith(repository) || !jar.toString().endsWith(".jar")) {
                continue;
            }
            Path relative = repository.relativize(jar);   // group/path/artifactId/version/file.jar
            int n = relative.getNameCount();
            String groupId = relative.subpath(0, n - 3).toString().replace(File.separatorChar, '.');
            artifacts.put(groupId + ":" + relative.getName(n - 3), relative.getName(n - 2).toString());
        }
        return artifacts;
    }

    /** groupId:artifactId to version from the invoking build's `dependency:list` output. */
    private static Map<String, String> testedArtifacts() throws IOException {
        Map<String, String> tested = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("consumer.testedDependencies")))) {
            String[] parts = line.trim().split("\\s+")[0].split(":");   // g:a:type[:classifier]:version:scope
            if (parts.length >= 5) {
                tested.put(parts[0] + ":" + parts[1], parts[parts.length - 2]);
            }
        }
        return tested;
    }

    @Test
    void everyLibraryHasTheVersionTheProjectTestedWith() throws IOException {
        Map<String, String> tested = testedArtifacts();
        Map<String, String> actual = classpathArtifacts();
        assertTrue(actual.containsKey("io.netty:netty-common"), "the relay's Netty is on the classpath: " + actual);
        List<String> different = new ArrayList<>();
        actual.forEach((artifact, version) -> {
            String expected = tested.get(artifact);
            if (expected != null && !expected.equals(version)) {
                different.add(artifact + " is " + version + ", tested with " + expected);
            }
        });
        assertEquals(List.of(), different);
        // reactor-pool comes only with a SQL backend's r2dbc-pool; where it comes, it is the pinned version
        String pool = actual.get("io.projectreactor.addons:reactor-pool");
        assertTrue(pool == null || pool.equals("1.2.8"), "reactor-pool pinned in the BOM, got " + pool);
    }

    @Test
    void noDatabaseDriverComesAlong() {
        Map<String, String> actual = classpathArtifacts();
        actual.keySet().forEach(artifact -> assertFalse(
                artifact.startsWith("org.postgresql:") || artifact.startsWith("com.ongres")
                        || artifact.startsWith("com.h2database:") || artifact.startsWith("io.r2dbc:"),
                artifact + " is on an embedded-only classpath"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.r2dbc.postgresql.PostgresqlConnectionFactory"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.h2.Driver"));
    }

    @Test
    void choosingH2WithoutItsDriverNamesTheMissingArtifacts(@TempDir Path directory) {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> R2dbcEventStores.h2File(directory).block(Duration.ofSeconds(10)));
        assertTrue(error.getMessage().contains("com.h2database:h2"), error.getMessage());
    }

    @Test
    void choosingPostgresqlWithoutItsDriverNamesTheMissingArtifact() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> R2dbcEventStores.postgres("127.0.0.1", 5432, "relay", "relay", "secret").block(Duration.ofSeconds(10)));
        assertTrue(error.getMessage().contains("org.postgresql:r2dbc-postgresql"), error.getMessage());
    }
}
