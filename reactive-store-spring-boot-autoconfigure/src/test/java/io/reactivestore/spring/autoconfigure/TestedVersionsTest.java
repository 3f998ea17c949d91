package io.reactivestore.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.Version;
import org.junit.jupiter.api.Test;

/**
 * This module imports Spring Boot's BOM, which manages older Netty, Jackson and H2 versions than the
 * project tests with; the project's BOMs are imported before it so that its versions win. This fails if
 * that order is lost (the expected versions come from the parent pom's properties, through surefire).
 */
class TestedVersionsTest {

    @Test
    void nettyIsTheVersionReactorNettyIsTestedWith() {
        assertThat(Version.identify().get("netty-common").artifactVersion())
                .isEqualTo(System.getProperty("expected.netty.version"));
    }

    @Test
    void jacksonIsTheProjectsVersion() {
        assertThat(tools.jackson.databind.cfg.PackageVersion.VERSION.toString())
                .isEqualTo(System.getProperty("expected.jackson.version"));
    }

    @Test
    void h2IsTheProjectsVersion() {
        assertThat(org.h2.engine.Constants.FULL_VERSION).startsWith(System.getProperty("expected.h2.version"));
    }
}
