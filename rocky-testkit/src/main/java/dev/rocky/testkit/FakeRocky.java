package dev.rocky.testkit;

import dev.rocky.contract.RockyContract;
import dev.rocky.process.CommandRequest;
import dev.rocky.process.CommandResult;
import dev.rocky.process.CommandRunner;
import dev.rocky.testkit.project.ProjectAnswers;
import dev.rocky.testkit.project.RockyProject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The in-process fake rocky: a {@link CommandRunner} that answers without starting a process.
 * Put it under the real {@code ProcessRockyCli} so the argv, the exit-code rules and the JSON
 * parsing all run as in production; only the process is fake. Every call is journalled.
 *
 * <p>Two kinds: {@link #forProject(Path)} answers from a Rocky project's own files (and from
 * recordings of the real binary, which win where they exist); {@code new FakeRocky(cassette)}
 * only replays a {@link Cassette}.
 *
 * <pre>{@code
 * FakeRocky rocky = FakeRocky.forProject(projectDir)
 *         .withFailure("run", new Fault.RunPartialFailure())
 *         .build();
 * RockyCli cli = new ProcessRockyCli(RockyCliSettings.defaults("rocky", projectDir), rocky, LogSink.NONE);
 * cli.discover();
 * assertThat(rocky.invocations("discover")).hasSize(1);
 * }</pre>
 *
 * <p>Timing faults are honoured against the request's timeout: a {@link Fault.Hang} longer than
 * the timeout sleeps for the timeout and reports {@code timedOut}, like the real runner after it
 * kills the process. Thread-safe.
 */
public final class FakeRocky implements CommandRunner {

    private static final int STDERR_TAIL_LINES = 20;

    private final FakeRockyResponder responder;
    private final List<Invocation> journal = new CopyOnWriteArrayList<>();

    /**
     * A replay-only fake.
     *
     * @param cassette the answers to give
     */
    public FakeRocky(Cassette cassette) {
        this(new FakeRockyResponder(Optional.empty(), cassette, Scenario.none().withVersion(cassette.version())));
    }

    /**
     * @param responder what to answer
     */
    public FakeRocky(FakeRockyResponder responder) {
        this.responder = Objects.requireNonNull(responder, "responder is null");
    }

    /**
     * Starts a fake that answers from a project directory (its {@code rocky.toml}, models, contracts
     * and {@code data/*.sql}).
     *
     * @param projectDir the project directory
     * @return a builder
     */
    public static Builder forProject(Path projectDir) {
        return new Builder(projectDir);
    }

    /**
     * Extracts one of the bundled playground projects into {@code workDir} and starts a fake that
     * answers from it, replaying the real binary's recordings for that project where they exist.
     *
     * @param name a project under {@code rocky-contract} {@code projects/}, e.g. {@code 01-replication-basics}
     * @param workDir where to extract it (the project lands in {@code workDir/<name>})
     * @return a builder
     * @throws IllegalArgumentException when no such project is bundled
     */
    public static Builder forBundledProject(String name, Path workDir) {
        if (!RockyContract.projects().contains(name)) {
            throw new IllegalArgumentException("no bundled project '" + name + "'; bundled: " + RockyContract.projects());
        }
        Path dir = workDir.resolve(name);
        RockyContract.extract("projects/" + name, dir);
        return new Builder(dir).withCassette(RecordedProjects.cassette(name));
    }

    @Override
    public CommandResult run(CommandRequest request, Consumer<String> stderrLines) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Reply reply = responder.reply(request.argv());
        long budget = request.timeout().toNanos();
        boolean timedOut = false;
        byte[] stdout = new byte[0];
        Deque<String> tail = new ArrayDeque<>();
        int exit = reply.exitCode();
        if (reply.startDelay().toNanos() >= budget) {
            sleep(Duration.ofNanos(budget));
            timedOut = true;
        } else {
            sleep(reply.startDelay());
            String stderr = new String(reply.stderr(), StandardCharsets.UTF_8);
            for (String line : stderr.split("\r?\n", -1)) {
                if (line.isEmpty()) {
                    continue;
                }
                sleep(reply.stderrLinePause());
                stderrLines.accept(line);
                if (tail.size() == STDERR_TAIL_LINES) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
            stdout = reply.stdout();
            long remaining = budget - (System.nanoTime() - t0);
            if (reply.hangAfterOutput().toNanos() > 0) {
                if (reply.hangAfterOutput().toNanos() >= remaining) {
                    sleep(Duration.ofNanos(Math.max(0, remaining)));
                    timedOut = true;
                } else {
                    sleep(reply.hangAfterOutput());
                }
            }
        }
        boolean overCap = stdout.length > request.stdoutCapBytes();
        if (overCap) {
            stdout = new byte[0];
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        List<String> envKeys = new ArrayList<>(request.environment().keySet());
        envKeys.sort(null);
        journal.add(new Invocation(request.argv(), request.workingDirectory().toString(), envKeys, started, elapsed,
                timedOut ? -1 : exit));
        return new CommandResult(timedOut ? -1 : exit, stdout, new ArrayList<>(tail), elapsed, timedOut, overCap);
    }

    private static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return every call so far, in order */
    public List<Invocation> invocations() {
        return List.copyOf(journal);
    }

    /**
     * @param subcommand e.g. {@code discover}, or {@code --version}
     * @return the calls of that subcommand, in order
     */
    public List<Invocation> invocations(String subcommand) {
        return journal.stream().filter(i -> i.subcommand().equals(subcommand)).toList();
    }

    /** Forgets every recorded call. */
    public void clearJournal() {
        journal.clear();
    }

    /** Configures a project-model fake. Not thread-safe. */
    public static final class Builder {

        private final Path projectDir;
        private String config = "rocky.toml";
        private Cassette cassette = Cassette.builder().build();
        private Scenario scenario = Scenario.none();
        private Clock clock = Clock.systemUTC();
        private final Map<String, Long> retention = new LinkedHashMap<>();
        private Map<String, String> environment = System.getenv();

        private Builder(Path projectDir) {
            this.projectDir = Objects.requireNonNull(projectDir, "projectDir is null");
        }

        /**
         * @param subcommand the subcommand that misbehaves, e.g. {@code run}; {@code *} for every one
         * @param fault how
         * @return this builder
         */
        public Builder withFailure(String subcommand, Fault fault) {
            scenario = scenario.withFault(subcommand, fault);
            return this;
        }

        /**
         * @param fault a fault with a {@link Fault#defaultSubcommand()}, or one that applies to every subcommand
         * @return this builder
         */
        public Builder withFailure(Fault fault) {
            return withFailure(fault.defaultSubcommand().orElse("*"), fault);
        }

        /**
         * @param s faults and settings, e.g. from {@link Scenario#load}; replaces earlier ones
         * @return this builder
         */
        public Builder withScenario(Scenario s) {
            scenario = Objects.requireNonNull(s, "scenario is null");
            return this;
        }

        /**
         * @param recordings recorded answers that win over derived ones
         * @return this builder
         */
        public Builder withCassette(Cassette recordings) {
            this.cassette = Objects.requireNonNull(recordings, "recordings is null");
            return this;
        }

        /**
         * @param model a model name
         * @param days the retention the warehouse reports for it in {@code retention-status}
         * @return this builder
         */
        public Builder withWarehouseRetention(String model, long days) {
            retention.put(model, days);
            return this;
        }

        /**
         * @param versionLine what {@code rocky --version} prints, e.g. {@code rocky 1.20.0}
         * @return this builder
         */
        public Builder withVersion(String versionLine) {
            scenario = scenario.withVersion(versionLine);
            return this;
        }

        /**
         * @param file the config file name the project uses (default {@code rocky.toml})
         * @return this builder
         */
        public Builder withConfig(String file) {
            this.config = Objects.requireNonNull(file, "file is null");
            return this;
        }

        /**
         * @param c where timestamps in derived answers come from
         * @return this builder
         */
        /**
         * Sets the environment the project's {@code rocky.toml} placeholders ({@code ${VAR}},
         * {@code ${VAR:-default}}) read, as the engine reads its process environment; the default
         * is this JVM's. A {@code ${VAR}} without a default that names an unset variable makes every
         * command but {@code --version} fail as the engine does: exit 1, {@code Error: environment
         * variable 'VAR' not set (referenced in config)}.
         *
         * @param variables name to value; copied
         * @return this builder
         */
        public Builder withEnvironment(Map<String, String> variables) {
            this.environment = Map.copyOf(variables);
            return this;
        }

        public Builder withClock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock is null");
            return this;
        }

        /** @return the project directory */
        public Path projectDir() {
            return projectDir;
        }

        /** @return the scenario so far, e.g. to write it for the executable fake */
        public Scenario scenario() {
            Map<String, Long> all = new LinkedHashMap<>(scenario.warehouseRetentionDays());
            all.putAll(retention);
            return new Scenario(scenario.versionLine(), scenario.faults(), all);
        }

        /**
         * @return the fake
         * @throws dev.rocky.testkit.project.ProjectException when the project cannot be read
         */
        public FakeRocky build() {
            Scenario s = scenario();
            RockyProject project;
            try {
                project = RockyProject.load(projectDir, config, environment);
            } catch (dev.rocky.testkit.project.ProjectException e) {
                if (e.getCause() instanceof dev.rocky.core.error.ConfigException) {
                    // The engine refuses every command of a config naming an unset variable; so does the fake.
                    return new FakeRocky(new FakeRockyResponder(Optional.empty(), cassette, s, Optional.of(e.getMessage())));
                }
                throw e;
            }
            String version = s.versionLine().startsWith("rocky ") ? s.versionLine().substring(6).strip() : ProjectAnswers.DEFAULT_VERSION;
            ProjectAnswers answers = new ProjectAnswers(project, version, clock, s.warehouseRetentionDays());
            return new FakeRocky(new FakeRockyResponder(Optional.of(answers), cassette, s));
        }
    }
}
