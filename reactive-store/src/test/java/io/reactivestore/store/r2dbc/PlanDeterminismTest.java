package io.reactivestore.store.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.NostrJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A filter with several tag conditions is planned the same way on every JVM start: before, the tag map
 * was a {@code Map.copyOf}, whose iteration order is salted per JVM, and the SQL planner drove by "the
 * first" one-value tag of it. Each child JVM gets a new salt, so with the old map the children printed
 * different plans.
 */
@Tag("integration")
class PlanDeterminismTest {

    private static final int CHILDREN = 3;

    @Test
    void theSqlPlanOfAMultiTagFilterFollowsTheSelectivityRule() {
        List<String> plans = PlanDeterminismChild.plans();

        // e has two values, so the most selective one-value tag, a, drives the SQL query
        assertThat(plans.get(0)).isEqualTo("e [e, a, d, t, p] sql-tag=a");
        assertThat(plans.get(4)).isEqualTo("t [t, k, z, K, p] sql-tag=t");
        assertThat(plans.get(8)).isEqualTo("r [r, g, x, y] sql-tag=g");
        assertThat(plans.get(12)).isEqualTo("y [y, x, w, v, u, s] sql-tag=y");
        assertThat(plans.get(13)).isEqualTo(NostrJson.toJson(NostrJson.parseFilter(
                PlanDeterminismChild.FILTERS.get(3))));
        assertThat(plans.get(14)).contains("d.name = $1").contains("ORDER BY d.name, d.tag_value");
    }

    @Test
    void childJvmsPrintTheSamePlansAsThisOne() throws Exception {
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < CHILDREN; i++) {
            children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    PlanDeterminismChild.class.getName())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }
        String expected = String.join("\n", PlanDeterminismChild.plans()) + "\n";
        try {
            for (Process child : children) {
                assertThat(read(child.getInputStream())).isEqualTo(expected);
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).isZero();
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
