package dev.rocky.cli;

import dev.rocky.contract.RockyContract;
import dev.rocky.testkit.FakeRockyExecutable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * A copy of the 01-replication-basics project with an executable fake rocky that replays the
 * recordings and journals every call, and a way to run the CLI in-process.
 */
public final class CliFixture {

    /** One CLI run: its exit code, stdout and stderr. */
    public record Run(int exitCode, String out, String err) {
        /** @return stderr's non-blank lines */
        public List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** The project copy. */
    public final Path project;
    /** The fake's journal of calls. */
    public final Path journal;
    /** The project's defs.yaml. */
    public final Path defs;

    /** @param dir where the project copy goes */
    public CliFixture(Path dir) {
        this.project = RockyContract.extract("projects/01-replication-basics", dir.resolve("project"));
        Path cassette = project.resolve("rocky-fake");
        this.journal = cassette.resolve("journal.jsonl");
        this.defs = project.resolve("defs.yaml");
        try {
            Files.createDirectories(cassette);
            for (String f : List.of("discover", "compile", "optimize")) {
                Files.writeString(cassette.resolve(f + ".json"), RockyContract.read("fixtures/" + f + ".json"));
            }
            Files.writeString(cassette.resolve("cassette.properties"), String.join("\n",
                    "version = rocky 1.71.0",
                    "journal = journal.jsonl",
                    "discover.args = discover", "discover.stdout = discover.json",
                    "compile.args = compile --models models", "compile.stdout = compile.json",
                    "optimize.args = optimize --models models", "optimize.stdout = optimize.json", ""));
            FakeRockyExecutable.install(project.resolve("bin"), cassette);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        defs("binary_path: bin/rocky");
    }

    /**
     * A refreshed small scale project answered by the project-model fake as an executable: 2
     * sources × 2 tables and 2 models (m00001 day-partitioned), surfaced as derived models.
     *
     * @param dir where the project and its scenario go
     * @param runFault the fault {@code rocky run} answers with, if any
     * @param moreAttributes lines added under {@code attributes:} (each with its two-space indent)
     * @return the project's defs.yaml
     */
    public static Path scaleProject(Path dir, Optional<dev.rocky.testkit.Fault> runFault, String moreAttributes) {
        try {
            Path project = dev.rocky.testkit.ScaleProject.builder().sources(2).tablesPerSource(2).models(2).partitionedEvery(2).build()
                    .writeTo(dir.resolve("scale"));
            Optional<Path> scenario = Optional.empty();
            if (runFault.isPresent()) {
                Path file = dir.resolve("scenario.properties");
                dev.rocky.testkit.Scenario.none().withVersion("rocky 1.71.0").withFault("run", runFault.get()).write(file);
                scenario = Optional.of(file);
            }
            FakeRockyExecutable.install(project.resolve("bin"), Optional.empty(), Optional.of(project), scenario);
            Files.writeString(project.resolve("defs.yaml"), "type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: bin/rocky\n"
                    + "  surface_derived_models: true\n" + moreAttributes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path defs = dir.resolve("scale").resolve("defs.yaml");
        Run refresh = cli(defs, "refresh");
        if (refresh.exitCode() != 0) {
            throw new AssertionError("the scale project's refresh exited " + refresh.exitCode() + ": " + refresh.err());
        }
        return defs;
    }

    /** @param attributes lines under {@code attributes:}, e.g. {@code dag_mode: true} */
    public void defs(String... attributes) {
        StringBuilder yaml = new StringBuilder("type: dagster_rocky.RockyComponent\nattributes:\n");
        for (String a : attributes) {
            yaml.append("  ").append(a).append('\n');
        }
        try {
            Files.writeString(defs, yaml.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name the script's file name under {@code bin/}
     * @param body shell lines run for every call but {@code --version}
     * @return the executable script
     */
    public Path script(String name, String body) {
        Path file = project.resolve("bin").resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "#!/bin/sh\ncase \"$1\" in --version) echo 'rocky 1.71.0'; exit 0;; esac\n" + body + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * A fast rocky (a shell script, no JVM) that answers discover, compile and optimize from the
     * recordings and exits 1 with {@code Error: <command> broke} for each command named in
     * {@code fails}; anything else exits 2.
     *
     * @param name the script's file name under {@code bin/}
     * @param fails the commands that fail
     * @return the executable script
     */
    public Path recordedScript(String name, String... fails) {
        StringBuilder body = new StringBuilder("case \"$*\" in\n");
        for (String f : fails) {
            body.append("  *' ").append(f).append("'*) echo 'Error: ").append(f).append(" broke' >&2; exit 1;;\n");
        }
        for (String c : List.of("discover", "compile", "optimize")) {
            body.append("  *' ").append(c).append("'*) cat '").append(project.resolve("rocky-fake/" + c + ".json")).append("';;\n");
        }
        return script(name, body.append("  *) echo \"unexpected: $*\" >&2; exit 2;;\nesac").toString());
    }

    /**
     * A refreshed scale project ({@code sources} × 2 tables, no models) answered by the
     * project-model fake as a real executable, with the scenario's faults and a journal of calls.
     *
     * @param project where the project is written
     * @param defs the project's defs.yaml
     * @param journal the fake's journal of calls (with each call's start and duration)
     */
    public record JournaledProject(Path project, Path defs, Path journal) {
    }

    /**
     * @param dir a fresh directory
     * @param sources how many sources
     * @param scenario the fake's faults
     * @param attributes defs.yaml attributes besides {@code binary_path}
     * @return the refreshed project
     */
    public static JournaledProject journaledScaleProject(Path dir, int sources, dev.rocky.testkit.Scenario scenario,
            String... attributes) {
        try {
            Path project = dev.rocky.testkit.ScaleProject.builder().sources(sources).tablesPerSource(2).models(0).build()
                    .writeTo(dir.resolve("p"));
            Path scenarioFile = dir.resolve("scenario.properties");
            scenario.write(scenarioFile);
            Path cassette = Files.createDirectories(dir.resolve("cassette"));
            Files.writeString(cassette.resolve("cassette.properties"), "version = rocky 1.71.0\njournal = journal.jsonl\n");
            FakeRockyExecutable.install(project.resolve("bin"), java.util.Optional.of(cassette), java.util.Optional.of(project),
                    java.util.Optional.of(scenarioFile));
            Path defs = project.resolve("defs.yaml");
            StringBuilder yaml = new StringBuilder("type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: bin/rocky\n");
            for (String a : attributes) {
                yaml.append("  ").append(a).append('\n');
            }
            Files.writeString(defs, yaml.toString());
            Run refresh = cli(defs, "refresh");
            if (refresh.exitCode() != 0) {
                throw new AssertionError("refresh of the scale project failed: " + refresh.err());
            }
            return new JournaledProject(project, defs, cassette.resolve("journal.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return where the state of the default key lives */
    public Path stateFile() {
        return project.resolve(".local_defs_state/RockyComponent__rocky.toml__/state");
    }

    /**
     * @param args the command line after {@code --defs}
     * @return the run
     */
    public Run cli(String... args) {
        return cli(defs, args);
    }

    /**
     * Runs the CLI in-process; a machine-readable output (a {@link PublishedFormat}) is checked
     * against its published schema.
     *
     * @param defs the defs.yaml to pass as {@code --defs}
     * @param args the rest of the command line
     * @return exit code, stdout and stderr
     */
    public static Run cli(Path defs, String... args) {
        return cli(defs, System.getenv(), args);
    }

    /**
     * Runs the CLI in-process with an environment of the test's making (e.g. Dagster Pipes'
     * variables); outputs are checked as {@link #cli(Path, String...)} checks them.
     *
     * @param defs the defs.yaml to pass as {@code --defs}
     * @param environment what the commands see as the process environment
     * @param args the rest of the command line
     * @return exit code, stdout and stderr
     */
    public static Run cli(Path defs, java.util.Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = RockyComponentCli.newCommandLine(environment);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> argv = new ArrayList<>(List.of("--defs", defs.toString()));
        argv.addAll(List.of(args));
        int code = cl.execute(argv.toArray(String[]::new));
        PublishedFormats.check(List.of(args), code, out.toString());
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Copies a directory tree, leaving out the top-level entries named in {@code skip}.
     *
     * @param from the directory to copy
     * @param to where the copy goes
     * @param skip names of top-level entries not to copy (e.g. {@code .local_defs_state})
     */
    public static void copyTree(Path from, Path to, String... skip) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path rel = from.relativize(f);
                if (rel.getNameCount() > 0 && List.of(skip).contains(rel.getName(0).toString())) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
