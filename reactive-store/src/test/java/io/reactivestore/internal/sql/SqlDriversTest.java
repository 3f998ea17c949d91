package io.reactivestore.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlDriversTest {

    private final ClassLoader loader = SqlDriversTest.class.getClassLoader();

    @Test
    void bothBackendsDriversArePresentInThisModulesTests() {
        assertThatCode(SqlDrivers::requireH2).doesNotThrowAnyException();
        assertThatCode(SqlDrivers::requirePostgresql).doesNotThrowAnyException();
    }

    @Test
    void aMissingArtifactIsNamedWithEverythingTheBackendNeeds() {
        List<SqlDrivers.Artifact> needed = List.of(
                new SqlDrivers.Artifact("com.h2database:h2", "org.h2.Driver"),
                new SqlDrivers.Artifact("org.example:absent-driver", "org.example.absent.NoSuchDriver"));

        assertThatThrownBy(() -> SqlDrivers.require("Example", needed, loader))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The Example backend needs com.h2database:h2, org.example:absent-driver")
                .hasMessageContaining("missing: org.example:absent-driver.")
                .hasMessageContaining("io.reactivestore:reactive-store-bom");
    }

    @Test
    void theProbeClassesAreTheDriversOwn() {
        // a renamed driver class would make the check fail for every user: the probes must load here
        for (SqlDrivers.Artifact artifact : List.of(SqlDrivers.H2, SqlDrivers.POSTGRESQL).stream()
                .flatMap(List::stream).toList()) {
            assertThatCode(() -> Class.forName(artifact.probeClass(), false, loader))
                    .as(artifact.coordinates()).doesNotThrowAnyException();
        }
        assertThat(SqlDrivers.POSTGRESQL).extracting(SqlDrivers.Artifact::coordinates)
                .containsExactly("org.postgresql:r2dbc-postgresql", "io.r2dbc:r2dbc-pool");
    }
}
