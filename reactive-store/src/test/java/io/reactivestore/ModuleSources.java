package io.reactivestore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Source roots of every module of the build, for tests that check a rule across all of them. */
final class ModuleSources {

    private ModuleSources() {
    }

    /**
     * @param relativeRoots source roots relative to a module's directory ({@code src/main/java}, ...)
     * @return each of them that exists, in every sibling module of this one (this one included)
     * @throws IOException if the parent directory cannot be listed
     */
    static List<Path> roots(String... relativeRoots) throws IOException {
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path module : modules.toList()) {
                for (String relative : relativeRoots) {
                    if (Files.isDirectory(module.resolve(relative))) {
                        roots.add(module.resolve(relative));
                    }
                }
            }
        }
        return roots;
    }
}
