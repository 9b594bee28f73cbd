package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's start-up work: the preload names classes that exist and the service file the plugin
 * lookup reads, so a rename cannot silently disable it; {@code main} keeps picocli from searching
 * the class path for Groovy.
 */
class PreloadTest {

    @TempDir
    Path tmp;

    @Test
    void everyPreloadedClassExistsAndInitialises() {
        assertThat(RockyComponentCli.PRELOADED).isNotEmpty();
        for (String name : RockyComponentCli.PRELOADED) {
            assertThatCode(() -> Class.forName(name, true, RockyComponentCli.class.getClassLoader()))
                    .as(name).doesNotThrowAnyException();
        }
    }

    /** The file the preload lists is the one a plugin jar declares its factory in (the example plugin's). */
    @Test
    void theListedServiceFileIsThePluginsOwn() throws Exception {
        Path jar = TranslatorPluginExampleTest.pluginJar(tmp);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<URL> found = Collections.list(loader.getResources(RockyComponentCli.PLUGIN_SERVICES));
            assertThat(found).hasSize(1);
            try (var in = found.get(0).openStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("TenantTranslatorFactory");
            }
        }
    }

    /** picocli, traced, says it skipped the Groovy lookup: {@code main} told it to before its first use. */
    @Test
    void mainTurnsOffPicocliGroovyLookup() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dpicocli.trace=INFO",
                "-cp", System.getProperty("java.class.path"), RockyComponentCli.class.getName(), "--help")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(err).contains("groovy Closures in annotations are disabled and will not be loaded");
    }
}
