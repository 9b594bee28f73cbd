package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code main} writes {@code defs --format json} as bytes straight to stdout; a command line given
 * its own writer writes characters. Both give the same document, byte for byte, valid in its
 * published format.
 */
class DefsJsonBytesTest {

    @TempDir
    Path dir;

    @Test
    void theProcessesBytesEqualTheWritersDocument() throws Exception {
        CliFixture fx = new CliFixture(dir);
        assertThat(fx.cli("refresh").exitCode()).isZero();
        String inProcess = fx.cli("defs", "--format", "json").out();

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RockyComponentCli.class.getName(), "--defs", fx.defs.toString(), "defs",
                "--format", "json").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(inProcess).endsWith("}\n");
        assertThat(PublishedFormats.errors(PublishedFormat.DEFS, PublishedFormats.JSON.readTree(out))).isEmpty();
    }
}
