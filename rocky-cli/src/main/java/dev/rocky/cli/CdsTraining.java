package dev.rocky.cli;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.process.CommandRunner;
import dev.rocky.testkit.FakeRocky;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The training run behind the distribution's class-data-sharing archive
 * ({@code target/rocky-component.jsa}, written by {@code mvn package} with
 * {@code -XX:ArchiveClassesAtExit}): refreshes the bundled {@code 01-replication-basics} project
 * against the in-process fake rocky, in a temporary directory, then runs the CLI's {@code defs}
 * (text, JSON, Mermaid), {@code validate}, {@code state versions} and {@code --help} on it, so that
 * the classes those commands load are in the archive. Silent when every command succeeds; prints
 * the failing command and exits non-zero otherwise, so a broken archive build is seen.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    /**
     * @param args ignored
     * @throws IOException when the temporary project cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("rocky-cds-training");
        try {
            FakeRocky.Builder project = FakeRocky.forBundledProject("01-replication-basics", dir);
            FakeRocky rocky = project.build();
            Path defs = Files.writeString(project.projectDir().resolve("defs.yaml"),
                    "type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: rocky\n  models_dir: models\n");
            // Silent on success: the refresh's progress goes nowhere; a failure still throws.
            RockyComponent.builder(new DefsYamlLoader().load(defs)).commandRunner(rocky).logSink(dev.rocky.core.port.LogSink.NONE).build().refresh();
            List<List<String>> commands = List.of(List.of("defs", "--format", "json"), List.of("defs"),
                    List.of("defs", "--format", "mermaid"), List.of("--help"));
            for (List<String> command : commands) {
                CommandLine cl = RockyComponentCli.newCommandLine();
                StringWriter err = new StringWriter();
                cl.setOut(new PrintWriter(Writer.nullWriter()));
                cl.setErr(new PrintWriter(err));
                String[] argv = Stream.concat(Stream.of("--defs", defs.toString()), command.stream()).toArray(String[]::new);
                int exit = cl.execute(argv);
                if (exit != 0) {
                    System.err.println("rocky-component CDS training: `" + String.join(" ", command) + "` exited " + exit + ": " + err);
                    System.exit(1);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (UncheckedIOException e) {
                // a temporary directory: best effort
            }
        }
    }
}
