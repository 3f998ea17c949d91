package io.reactivestore.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.examples.GettingStarted;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java code block of the README is a region of a compiled source file, named by the comment line
 * {@code <!-- snippet: <file under the repository root>#<tag> -->} just before the block, and equals the
 * region between {@code // tag::<tag>[]} and {@code // end::<tag>[]} (common indentation removed). The
 * programs that can run on their own are run.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile(
            "(?:<!-- snippet: (?<file>[^#\\s]+)#(?<tag>[\\w-]+) -->\\n)?```java\\n(?<code>.*?)```", Pattern.DOTALL);

    record Snippet(String file, String tag, String code) {
    }

    static List<Snippet> readmeSnippets() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = BLOCK.matcher(readme);
        List<Snippet> snippets = new ArrayList<>();
        while (m.find()) {
            snippets.add(new Snippet(m.group("file"), m.group("tag"), m.group("code")));
        }
        return snippets;
    }

    /** The lines between the tag markers of {@code tag} in {@code file}, their common indentation removed. */
    static String region(String file, String tag) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(file), StandardCharsets.UTF_8);
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals("// tag::" + tag + "[]")) {
                start = i + 1;
            } else if (line.equals("// end::" + tag + "[]")) {
                end = i;
            }
        }
        assertThat(start).as("tag %s in %s", tag, file).isPositive();
        assertThat(end).as("end of tag %s in %s", tag, file).isGreaterThanOrEqualTo(start);
        List<String> region = lines.subList(start, end);
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : region) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString();
    }

    @Test
    void everyJavaBlockOfTheReadmeIsACompiledRegion() throws IOException {
        List<Snippet> snippets = readmeSnippets();
        assertThat(snippets).as("Java blocks in the README").hasSizeGreaterThanOrEqualTo(10);
        for (Snippet s : snippets) {
            assertThat(s.file()).as("snippet marker before the block starting %s",
                    s.code().lines().findFirst().orElse("")).isNotNull();
            assertThat(s.code()).as("README block %s#%s", s.file(), s.tag()).isEqualTo(region(s.file(), s.tag()));
        }
    }

    @Test
    void gettingStartedRuns() {
        GettingStarted.main(new String[0]);
    }

    @Test
    void embeddingTheRelayRuns() {
        EmbeddingTheRelay.main(new String[0]);
    }

    @Test
    void theRelayClientSnippetPublishesFetchesAndCounts() {
        RelayClientUsage.main(new String[0]);
    }

    @Test
    void theLayeredStoreIsWiredIntoARelay() {
        LayeredStoreWiring.main(new String[0]);
    }

    @Test
    void saveStoresAForgedSignature() {
        SaveTrustsItsInput.main(new String[0]);
    }

    @Test
    void aDeletedIdStaysRefusedAfterARestart() throws IOException {
        Tombstones.main(new String[0]);
    }
}
