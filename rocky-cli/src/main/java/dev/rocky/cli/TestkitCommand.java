package dev.rocky.cli;

import dev.rocky.contract.RockyContract;
import dev.rocky.core.error.ConfigException;
import dev.rocky.testkit.Cassette;
import dev.rocky.testkit.FakeRockyExecutable;
import dev.rocky.testkit.RecordedProjects;
import dev.rocky.testkit.Scenario;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rocky-component testkit …}: the fake rocky of rocky-testkit, for trying a pipeline without a warehouse. */
@Command(name = "testkit", mixinStandardHelpOptions = true,
        description = {"Fakes of the rocky binary for testing a pipeline without a warehouse (rocky-testkit)."},
        subcommands = {TestkitCommand.Install.class})
final class TestkitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code testkit install}. */
    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Install a fake `rocky` executable into <dir>; point binary_path in defs.yaml at it.",
                "It answers discover, dag, compile, compliance, retention-status, run, plan, apply, lineage, optimize and doctor",
                "from the Rocky project it runs in (or --project), replays recordings of the real binary where they exist,",
                "and misbehaves as --scenario says (hang, exit codes, partial or invalid JSON, stderr floods, kills, failed sources,",
                "run partial failure, doctor critical, quota exceeded)."},
            footer = {"%nExamples:%n  rocky-component testkit install /tmp/fake",
                "  rocky-component testkit install /tmp/fake --bundled 07-dagster-dag-mode --scenario faults.properties",
                "%nBundled projects: 01-replication-basics, 01-data-contracts-strict, 01-lineage-column-level, 03-partition-checksum,",
                "  05-classification-masking-compliance, 06-retention-policies, 07-dagster-dag-mode, 07-freshness-sla,",
                "  11-fail-loud-on-compile-error, 11-strategy-showcase"})
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<dir>", description = "Where to write the `rocky` launcher (created when absent).")
        Path dir;

        @ArgGroup(exclusive = true)
        ProjectChoice project;

        @Option(names = "--scenario", paramLabel = "<file>",
                description = "Faults and settings (fault.<subcommand> = hang 30s | exit 3 msg | partial-json 40 | …); see rocky-testkit Fault.")
        Path scenario;

        @Option(names = "--cassette", paramLabel = "<dir>", description = "A cassette directory of recordings that win over derived answers.")
        Path cassette;

        /** Which project the fake answers from. */
        static final class ProjectChoice {
            @Option(names = "--project", paramLabel = "<dir>",
                    description = "Answer from this project directory (default: the one the fake runs in, found by rocky's --config).")
            Path project;

            @Option(names = "--bundled", paramLabel = "<name>",
                    description = "Copy a bundled playground project into <dir>/<name>, with its recordings of the real binary, and answer from it.")
            String bundled;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new ConfigException("<dir> " + dir + " is a file, not a directory; name a directory to put the `rocky` "
                        + "launcher in (it is created when absent)");
            }
            Optional<Path> projectDir = Optional.ofNullable(project).map(p -> p.project);
            Optional<Path> cassetteDir = Optional.ofNullable(cassette);
            if (scenario != null) {
                if (!Files.isRegularFile(scenario)) {
                    throw new ConfigException("--scenario " + scenario + " does not exist; write one with fault.<subcommand> = <fault> lines");
                }
                try {
                    Scenario.load(scenario);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(e.getMessage() + "; fix the scenario file", e);
                }
            }
            if (projectDir.isPresent() && !Files.isRegularFile(projectDir.get().resolve("rocky.toml"))) {
                throw new ConfigException("--project " + projectDir.get() + " has no rocky.toml; point it at a Rocky project directory");
            }
            if (project != null && project.bundled != null) {
                String name = project.bundled;
                if (!RockyContract.projects().contains(name)) {
                    throw new ConfigException("--bundled " + name + " is not a bundled project; choose one of " + RockyContract.projects());
                }
                Path target = dir.resolve(name);
                RockyContract.extract("projects/" + name, target);
                projectDir = Optional.of(target);
                Cassette recorded = RecordedProjects.cassette(name);
                if (cassetteDir.isEmpty() && !recorded.recordings().isEmpty()) {
                    cassetteDir = Optional.of(recorded.write(dir.resolve(name + "-recordings")));
                }
                out.println("project  " + target.toAbsolutePath() + " (bundled " + name + ", " + recorded.recordings().size()
                        + " recordings of rocky 1.71.0)");
            }
            Path launcher;
            try {
                launcher = FakeRockyExecutable.install(dir, cassetteDir, projectDir, Optional.ofNullable(scenario));
            } catch (java.io.UncheckedIOException e) {
                throw new ConfigException(e.getMessage() + "; choose a directory this user can write", e);
            }
            out.println("fake     " + launcher.toAbsolutePath());
            out.println("use it   binary_path: " + launcher.toAbsolutePath() + "   (in defs.yaml)");
            out.flush();
            return 0;
        }
    }
}
