package dev.rocky.testkit;

import dev.rocky.testkit.project.ProjectAnswers;
import dev.rocky.testkit.project.ProjectException;
import dev.rocky.testkit.project.RockyProject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The executable fake rocky: a plain {@code main} (no framework) that a launcher script runs.
 *
 * <pre>
 * FakeRockyMain [--cassette &lt;dir&gt;] [--project &lt;dir&gt;] [--scenario &lt;file&gt;] -- &lt;rocky argv…&gt;
 * </pre>
 * With {@code --project} (or, without it, when a {@code rocky.toml} is found by rocky's own
 * {@code --config} rule in the working directory) it answers from the project's files; the
 * cassette's recordings win where they exist; the scenario's faults apply on top. Without a
 * project it only replays the cassette. Timing faults are real: a hang sleeps, a slow start
 * sleeps before writing, killed-mid-output halts the JVM with exit 137 after a partial write.
 * Every call is appended to the journal ({@code ROCKY_FAKE_JOURNAL}, else the cassette's
 * {@code journal}). Needs the rocky-testkit, rocky-contract and Jackson jars on the class path;
 * {@link FakeRockyExecutable} writes such a launcher.
 */
public final class FakeRockyMain {

    /** The environment variable naming the journal file; overrides the cassette's {@code journal}. */
    public static final String JOURNAL_ENV = "ROCKY_FAKE_JOURNAL";

    private static final String USAGE = "usage: FakeRockyMain [--cassette <dir>] [--project <dir>] [--scenario <file>] -- <rocky arguments…>";

    private FakeRockyMain() {
    }

    /**
     * @param args the fake's options, {@code --}, then the argv rocky would get (without the program)
     */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        if (code == 137) {
            Runtime.getRuntime().halt(137);
        }
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Optional<Path> cassetteDir = Optional.empty();
        Optional<Path> projectDir = Optional.empty();
        Optional<Path> scenarioFile = Optional.empty();
        int i = 0;
        while (i < args.length && !args[i].equals("--")) {
            if (i + 1 >= args.length) {
                err.println(USAGE);
                return 2;
            }
            switch (args[i]) {
                case "--cassette" -> cassetteDir = Optional.of(Path.of(args[i + 1]));
                case "--project" -> projectDir = Optional.of(Path.of(args[i + 1]));
                case "--scenario" -> scenarioFile = Optional.of(Path.of(args[i + 1]));
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
            i += 2;
        }
        List<String> argv = new ArrayList<>();
        argv.add("rocky");
        for (int j = Math.min(i + 1, args.length); j < args.length; j++) {
            argv.add(args[j]);
        }
        Cassette cassette;
        Scenario scenario;
        Optional<ProjectAnswers> answers;
        Optional<String> configMissing = Optional.empty();
        try {
            cassette = cassetteDir.map(Cassette::load).orElseGet(() -> Cassette.builder().build());
            scenario = scenarioFile.map(Scenario::load).orElseGet(() -> Scenario.none().withVersion(cassette.version()));
            String config = option(argv, "--config").orElse("rocky.toml");
            Path configPath = projectDir.map(d -> d.resolve(config)).orElse(Path.of(config)).toAbsolutePath();
            boolean hasProject = projectDir.isPresent() || configPath.toFile().isFile();
            List<String> subcommand = Cassette.subcommandArgs(argv);
            if (!hasProject && !subcommand.equals(List.of("--version")) && cassette.find(subcommand).isEmpty()) {
                // What is missing is the project, not a recording: say so, as rocky does for a config it cannot read.
                configMissing = Optional.of("Error: cannot read the rocky config " + configPath + ": no such file; pass "
                        + "--config <rocky.toml> or run in the project directory\n");
            }
            answers = hasProject && !Cassette.subcommandArgs(argv).equals(List.of("--version"))
                    ? Optional.of(new ProjectAnswers(RockyProject.load(configPath.getParent(), configPath.getFileName().toString()),
                            version(scenario), Clock.systemUTC(), scenario.warehouseRetentionDays()))
                    : Optional.empty();
        } catch (ProjectException | IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("Error: the fake rocky cannot start: " + e.getMessage());
            return 1;
        }
        Reply reply = configMissing.isPresent()
                ? new Reply(new byte[0], configMissing.get().getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, Duration.ZERO,
                        Duration.ZERO, false, "config missing")
                : new FakeRockyResponder(answers, cassette, scenario).reply(argv);
        // Under Dagster Pipes the engine writes its messages, then its document (pipes.rs: batch at the end of the run).
        List<String> sub = Cassette.subcommandArgs(argv);
        String subcommand = sub.isEmpty() ? "" : sub.get(0);
        Optional<Integer> pipesExit = configMissing.isPresent() ? Optional.empty()
                : FakePipes.emit(System.getenv(), subcommand, reply.stdout(), scenario.faultFor(subcommand), err).exitNow();
        if (pipesExit.isPresent()) {
            journal(cassette, argv, started, t0, pipesExit.get());
            return pipesExit.get();
        }
        try {
            sleep(reply.startDelay());
            if (reply.stderrLinePause().isZero()) {
                err.write(reply.stderr());
            } else {
                for (String line : new String(reply.stderr(), java.nio.charset.StandardCharsets.UTF_8).split("(?<=\n)")) {
                    sleep(reply.stderrLinePause());
                    err.write(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    err.flush();
                }
            }
            err.flush();
            out.write(reply.stdout());
            out.flush();
            sleep(reply.hangAfterOutput());
        } catch (IOException e) {
            return 1;
        }
        journal(cassette, argv, started, t0, reply.exitCode());
        return reply.exitCode();
    }

    private static void journal(Cassette cassette, List<String> argv, Instant started, long t0, int exitCode) {
        Optional<Path> journal = Optional.ofNullable(System.getenv(JOURNAL_ENV)).filter(s -> !s.isBlank()).map(Path::of)
                .or(cassette::journal);
        if (journal.isPresent()) {
            List<String> keys = new ArrayList<>(System.getenv().keySet());
            keys.sort(null);
            JournalFile.append(journal.get(), new Invocation(argv, System.getProperty("user.dir"), keys, started,
                    Duration.ofNanos(System.nanoTime() - t0), exitCode));
        }
    }

    private static String version(Scenario scenario) {
        String line = scenario.versionLine();
        return line.startsWith("rocky ") ? line.substring(6).strip() : ProjectAnswers.DEFAULT_VERSION;
    }

    private static Optional<String> option(List<String> argv, String name) {
        for (int k = 1; k + 1 < argv.size(); k++) {
            if (argv.get(k).equals(name)) {
                return Optional.of(argv.get(k + 1));
            }
        }
        return Optional.empty();
    }

    private static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
