package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** The CLI's start-up preload names classes that exist, so a rename cannot silently disable it. */
class PreloadTest {

    @Test
    void everyPreloadedClassExistsAndInitialises() {
        assertThat(RockyComponentCli.PRELOADED).isNotEmpty();
        for (String name : RockyComponentCli.PRELOADED) {
            assertThatCode(() -> Class.forName(name, true, RockyComponentCli.class.getClassLoader()))
                    .as(name).doesNotThrowAnyException();
        }
    }
}
