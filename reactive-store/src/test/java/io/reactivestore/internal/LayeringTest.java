package io.reactivestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layering the sources keep, read from the source files (surefire runs in the module
 * directory): {@code internal} is the bottom layer, {@code store.internal} sits above {@code store} and
 * {@code event} without them importing it, no other module imports either, and H2 and PostgreSQL driver
 * types appear only behind the dialect seam ({@code internal.sql}) or in {@code store.r2dbc.postgres}.
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src/main/java/io/reactivestore");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.reactivestore\\.[\\w.]+);",
            Pattern.MULTILINE);
    private static List<String> imports(Path root, String... forbiddenPrefixes) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    for (String prefix : forbiddenPrefixes) {
                        if (m.group(1).startsWith(prefix)) {
                            found.add(MAIN.relativize(file).toString().replace('\\', '/') + " -> " + m.group(1));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    @Test
    void internalImportsNeitherStoreNorEvent() {
        List<String> found = imports(MAIN.resolve("internal"), "io.reactivestore.store.", "io.reactivestore.event.");
        assertThat(found).isEmpty();
    }

    @Test
    void storeAndEventDoNotImportTheStoreHelpers() {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(MAIN.resolve("store"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                found.addAll(imports(file, "io.reactivestore.store.internal."));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.addAll(imports(MAIN.resolve("event"), "io.reactivestore.store.internal."));
        assertThat(found).isEmpty();
    }

    @Test
    void noOtherModuleImportsTheInternalPackages() {
        List<String> found = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path module : modules.toList()) {
                Path sources = module.resolve("src/main/java");
                if (!module.getFileName().toString().equals("reactive-store") && Files.isDirectory(sources)) {
                    found.addAll(imports(sources, "io.reactivestore.internal.", "io.reactivestore.store.internal."));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(found).isEmpty();
    }

    @Test
    void onlyTheDialectSeamAndThePostgresPackageNameADriverType() {
        Pattern driverImport = Pattern.compile("^import (?:static )?((?:org\\.h2|io\\.r2dbc\\.h2|io\\.r2dbc\\.postgresql)\\.[\\w.]+);",
                Pattern.MULTILINE);
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String where = MAIN.relativize(file).toString().replace('\\', '/');
                if (where.startsWith("internal/sql/") || where.startsWith("store/r2dbc/postgres/")) {
                    continue;
                }
                Matcher m = driverImport.matcher(Files.readString(file));
                while (m.find()) {
                    found.add(where + " -> " + m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(found).isEmpty();
    }
}
