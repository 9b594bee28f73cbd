package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestkitCommandTest {

    @TempDir
    Path dir;

    @Test
    void installedFakeDrivesTheWholeMainJobOnABundledProject() throws Exception {
        CliFixture fixture = new CliFixture(dir.resolve("x"));
        Path fake = dir.resolve("fake");
        CliFixture.Run install = fixture.cli("testkit", "install", fake.toString(), "--bundled", "07-dagster-dag-mode");
        assertThat(install.exitCode()).as(install.err()).isZero();
        assertThat(install.out()).contains("binary_path: " + fake.resolve("rocky").toAbsolutePath());
        Path project = fake.resolve("07-dagster-dag-mode");
        Files.writeString(project.resolve("defs.yaml"),
                "type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: " + fake.resolve("rocky").toAbsolutePath() + "\n");

        CliFixture other = new CliFixture(dir.resolve("y"));
        CliFixture.Run refresh = run(other, project, "refresh");
        assertThat(refresh.exitCode()).as(refresh.err()).isZero();
        assertThat(refresh.out()).contains("1 sources, 1 tables").contains("compile");
        CliFixture.Run defs = run(other, project, "defs", "--format", "json");
        assertThat(defs.exitCode()).isZero();
        assertThat(defs.out()).contains("\"key\":[\"duckdb\",\"orders\",\"orders\"]");

        Process p = new ProcessBuilder(fake.resolve("rocky").toString(), "--output", "json", "compliance").directory(project.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("\"command\": \"compliance\"");
    }

    @Test
    void unknownBundledProjectOrBrokenScenarioIsOneLineAndExitOne() throws Exception {
        CliFixture fixture = new CliFixture(dir.resolve("x"));
        CliFixture.Run unknown = fixture.cli("testkit", "install", dir.resolve("f").toString(), "--bundled", "nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.errLines()).singleElement().asString().contains("--bundled nope is not a bundled project");
        Path scenario = Files.writeString(dir.resolve("s.properties"), "fault.run = explode\n");
        CliFixture.Run broken = fixture.cli("testkit", "install", dir.resolve("f").toString(), "--scenario", scenario.toString());
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.errLines()).singleElement().asString().contains("fault.run").contains("fix the scenario file");
        assertThat(dir.resolve("f/rocky")).doesNotExist();
    }

    private static CliFixture.Run run(CliFixture fixture, Path project, String... args) {
        var cl = RockyComponentCli.newCommandLine();
        var out = new java.io.StringWriter();
        var err = new java.io.StringWriter();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        String[] argv = new String[args.length + 2];
        argv[0] = "--defs";
        argv[1] = project.resolve("defs.yaml").toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        int code = cl.execute(argv);
        PublishedFormats.check(java.util.List.of(args), code, out.toString());
        return new CliFixture.Run(code, out.toString(), err.toString());
    }
}
