package io.reactivestore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every main package of every module has a {@code package-info.java} annotated with JSpecify's
 * {@code @NullMarked}. The build runs NullAway with {@code OnlyNullMarked}, which checks only marked packages:
 * without this test a new package would silently skip nullness checking.
 *
 * <p>The scan reads sources as text (surefire runs in the module directory, so {@code ..} is the project root).
 */
class NullMarkedPackagesTest {

    private static final Pattern MARKED = Pattern.compile("^@(?:org\\.jspecify\\.annotations\\.)?NullMarked\\s*$",
            Pattern.MULTILINE);

    static boolean marked(String packageInfo) {
        return MARKED.matcher(packageInfo).find() && packageInfo.contains("org.jspecify.annotations.NullMarked");
    }

    @Test
    void everyMainPackageOfEveryModuleIsNullMarked() throws IOException {
        List<Path> roots = ModuleSources.roots("src/main/java");
        assertThat(roots).as("the scan reaches the sibling modules").hasSizeGreaterThanOrEqualTo(5);
        List<String> unmarked = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> dirs = Files.walk(root)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    boolean hasJava;
                    try (Stream<Path> files = Files.list(dir)) {
                        hasJava = files.anyMatch(f -> f.toString().endsWith(".java"));
                    }
                    if (!hasJava) {
                        continue;
                    }
                    Path info = dir.resolve("package-info.java");
                    try {
                        if (!Files.exists(info) || !marked(Files.readString(info))) {
                            unmarked.add(dir.normalize().toString());
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        assertThat(unmarked).as("main packages without a @NullMarked package-info.java").isEmpty();
    }

    @Test
    void theCheckTellsAMarkedPackageInfoFromAnUnmarkedOne() {
        assertThat(marked("/** Docs. */\n@NullMarked\npackage a.b;\n\nimport org.jspecify.annotations.NullMarked;\n"))
                .isTrue();
        assertThat(marked("/** Docs with {@code @NullMarked} in prose. */\npackage a.b;\n")).isFalse();
        assertThat(marked("/** Docs. */\npackage a.b;\n")).isFalse();
    }
}
