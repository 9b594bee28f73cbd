package dev.rocky.cli;

import dev.rocky.component.DagsterPipesWriter;
import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.ComponentConfig;
import dev.rocky.component.config.DefsAttributes;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.RockyRunException;
import dev.rocky.core.model.ModelSidecar;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.Secrets;
import dev.rocky.core.run.MaterializationSummary;
import dev.rocky.core.run.RunEventListener;
import dev.rocky.core.run.CliArgument;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.service.Materializer;
import dev.rocky.core.service.RefreshReport;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.state.DefsState;
import dev.rocky.process.CommonsExecCommandRunner;
import dev.rocky.state.TomlModelCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code rocky-component} root command (picocli) and its {@code refresh}, {@code defs},
 * {@code validate}, {@code materialize}, {@code doctor} and {@code health} subcommands;
 * {@link RockyComponentCli} runs them. The root's and {@code defs}' models are built in code
 * ({@link CommandModels}); the other subcommands are read from their annotations.
 */
final class RockyComponentCommand implements Callable<Integer> {

    /**
     * The subcommands, in the order the usage lists them. {@link RockyComponentCli} adds them to
     * the command line, all of them or only those the arguments name: picocli builds a
     * subcommand's model from its annotations when it is added, which is most of a short
     * command's start-up ({@code defs}' model is built in code, {@link CommandModels#defs}). Keyed
     * by each one's command name, written out here so that finding the named ones reads no
     * annotation (each class's first read is a few milliseconds of a short command);
     * {@code LazySubcommandsTest} checks every key against its annotation or model.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = inOrder(Map.entry("refresh", Refresh.class), Map.entry("defs", Defs.class),
            Map.entry("validate", Validate.class), Map.entry("materialize", Materialize.class), Map.entry("doctor", Doctor.class),
            Map.entry("health", Health.class), Map.entry("sensor", SensorCommand.class), Map.entry("schedule", ScheduleCommand.class),
            Map.entry("state", StateCommand.class), Map.entry("testkit", TestkitCommand.class));

    @SafeVarargs
    private static Map<String, Class<?>> inOrder(Map.Entry<String, Class<?>>... entries) {
        Map<String, Class<?>> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Class<?>> e : entries) {
            out.put(e.getKey(), e.getValue());
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** {@code --defs}: the component's defs.yaml (set by the model, {@link CommandModels#root}). */
    Path defs;

    /** {@code -v, --verbose}: show progress and every line rocky prints on stderr. */
    boolean verbose;

    /** The root's model ({@link CommandModels#root}). */
    CommandSpec spec;

    /** Whether stderr is a console that can show a live progress line (set by {@code main}). */
    final boolean liveProgress;

    /** The process environment as the commands see it (tests give their own). */
    final Map<String, String> environment;

    /**
     * The process's standard output as bytes, set by {@code main} only: {@code defs --format json}
     * writes its UTF-8 document straight to it, without the character stage of picocli's writer.
     * {@code null} where a caller gave the command line its own writer (tests, embedding).
     */
    java.io.OutputStream rawStdout;

    private ConsoleLogSink console;

    RockyComponentCommand(boolean liveProgress) {
        this(liveProgress, System.getenv());
    }

    RockyComponentCommand(boolean liveProgress, Map<String, String> environment) {
        this.liveProgress = liveProgress;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    ComponentConfig config() {
        return new DefsYamlLoader().load(defs);
    }

    RockyComponent component() {
        return component(config());
    }

    /**
     * @param config the loaded defs.yaml
     * @return the component, saying what it does through this command's {@link ConsoleLogSink}
     */
    RockyComponent component(ComponentConfig config) {
        Secrets secrets = RockyComponent.defaultSecrets(config);
        console = new ConsoleLogSink(spec.commandLine().getErr(), verbose, liveProgress, secrets);
        ConsoleLogSink sink = console;
        return RockyComponent.builder(config).logSink(sink).secrets(secrets).build();
    }

    /** Clears the live progress line, if any; before a command prints its own output or error. */
    void finishConsole() {
        if (console != null) {
            console.finish();
        }
    }

    /**
     * @param config a loaded defs.yaml
     * @return what it sets, each attribute with its section from {@link DefsAttributes}, e.g.
     *     {@code 2 of 36 attributes set: binary_path (engine), dag_mode (graph)}
     */
    static String attributesLine(ComponentConfig config) {
        List<String> set = new ArrayList<>();
        for (String name : config.attributesSet()) {
            set.add(name + " (" + DefsAttributes.get(name).section().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return set.size() + " of " + DefsAttributes.all().size() + " attributes set" + (set.isEmpty() ? ", all defaults"
                : ": " + String.join(", ", set) + "; the others take their defaults");
    }

    /** Prints the version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rocky-component " + RockyComponent.version(),
                "rocky engine " + dev.rocky.process.EngineVersion.FLOOR + " or newer (tested against recordings of 1.71.0)",
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"};
        }
    }

    /** {@code refresh}. */
    @Command(name = "refresh", mixinStandardHelpOptions = true,
            description = {"Call rocky (discover; compile and optimize when models_dir exists; dag with dag_mode) and write the state.",
                "The binary, config_path and models_dir are checked first: a configuration error fails at once and writes nothing.",
                "A failed command is a warning: its slot is kept from the previous state (discover: an empty slot when there is none)",
                "and the refresh ends with exit 3. When every command fails, nothing is written and the exit is 1.",
                "With strict_build, or on a schema mismatch, the refresh fails and the previous state is left as it was.",
                "Says which rocky command is running (a live line on a console; with -v a line per command and its duration)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every command succeeded and the state was written",
                "1:nothing written: configuration error, every command failed, strict_build failure, schema mismatch",
                "2:usage error",
                "3:the state was written, but a command failed or a source was not read (the warnings say which)"})
    static final class Refresh implements Callable<Integer> {
        @ParentCommand
        RockyComponentCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (RockyComponent component = parent.component()) {
                return print(component, component.refresh());
            }
        }

        private int print(RockyComponent component, RefreshReport report) {
            parent.finishConsole();
            PrintWriter out = spec.commandLine().getOut();
            boolean complete = report.outcome() == RefreshReport.Outcome.COMPLETE;
            out.println((complete ? "refreshed " : "refreshed partially ") + report.location() + ": " + report.sources()
                    + " sources, " + report.tables() + " tables, slots " + String.join(", ", report.slots()) + " ("
                    + report.bytes() + " bytes)"
                    + report.version().map(v -> ", version " + v).orElse("")
                    + (component.config().graph().dagMode() ? ", dag " + report.dagStatus().wireName() : "")
                    + (report.failedCommands().isEmpty() ? "" : "; failed: " + String.join(", ", report.failedCommands())));
            out.flush();
            if (!complete) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("rocky-component: partial: " + report.warnings().size() + " of the things asked for "
                        + (report.warnings().size() == 1 ? "was" : "were") + " not done (the warnings above say which); exit 3");
                err.flush();
            }
            return report.outcome().exitCode();
        }
    }

    /** {@code defs}: its model is built in code ({@link CommandModels#defs}). */
    static final class Defs implements Callable<Integer> {
        RockyComponentCommand parent;
        CommandSpec spec;
        /** {@code --format} (default text). */
        Format format;
        /** {@code --events FILE}: with {@code --format html}, the outcomes to colour the assets by. */
        Path events;

        @Override
        public Integer call() throws IOException {
            if (events != null && format != Format.html) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--events goes with --format html");
            }
            Optional<Map<dev.rocky.core.spec.AssetKey, String>> outcomes = events == null ? Optional.empty()
                    : Optional.of(EventOutcomes.read(events));
            RockyComponent component = parent.component();
            RockyComponent.Load load = component.loadExisting();
            parent.finishConsole();
            Definitions defs = load.definitions();
            PrintWriter out = format == Format.json ? spec.commandLine().getOut()
                    : new PrintWriter(new PrintableWriter(spec.commandLine().getOut()));
            if (format == Format.json && parent.rawStdout != null) {
                out.flush();
                new DefinitionsJsonWriter().write(defs, component.orchestration(defs), parent.rawStdout);
            } else if (format == Format.json) {
                new DefinitionsJsonWriter().write(defs, component.orchestration(defs), out);
            } else if (format == Format.mermaid) {
                new DefinitionsGraphWriter().mermaid(defs, out);
            } else if (format == Format.dot) {
                new DefinitionsGraphWriter().dot(defs, out);
            } else if (format == Format.html) {
                List<String> warnings = new ArrayList<>();
                load.staleness().ifPresent(w -> warnings.add("stale: " + w));
                load.state().ifPresent(st -> st.slotErrors().forEach((slot, error) -> warnings.add("the last refresh's " + slot
                        + " failed: " + error)));
                warnings.addAll(defs.leftOut());
                Optional<Long> age;
                try {
                    age = component.state().writtenAt().map(w -> java.time.Duration.between(w, java.time.Instant.now()).toSeconds());
                } catch (RockyException e) {
                    age = Optional.empty();
                }
                new DefinitionsHtmlWriter().write(defs, new DefinitionsHtmlWriter.StateLine(defs.stateVersion(), age, warnings),
                        outcomes, spec.commandLine().getOut());
            } else {
                new DefinitionsTextWriter().write(defs, component.stateLocation(), out);
            }
            out.flush();
            if (load.state().isEmpty()) {
                // discover_on_missing_state's refresh failed: the empty graph is the reference's answer, not a success.
                spec.commandLine().getErr().println("rocky-component: error: there is no state, and the refresh that "
                        + "discover_on_missing_state ran failed (the warning above says why) [STATE_MISSING]");
                spec.commandLine().getErr().flush();
                return 1;
            }
            // Partial: the state's refresh had failed commands, or the build left assets out (the warnings say which).
            return load.state().get().slotErrors().isEmpty() && defs.leftOut().isEmpty() ? 0 : 3;
        }
    }

    /** Output formats of {@code defs}. */
    enum Format {
        /** A readable table grouped by group. */
        text,
        /** One JSON document. */
        json,
        /** A Mermaid flowchart of the graph (groups as subgraphs, deps as arrows). */
        mermaid,
        /** A Graphviz digraph of the graph. */
        dot,
        /** One self-contained HTML page that draws the graph (dagre, inlined). */
        html
    }

    /** {@code validate}. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check defs.yaml, the rocky binary's path, the models directory, the translator and the state file; "
                + "say what is wrong.",
                "Runs nothing."})
    static final class Validate implements Callable<Integer> {
        @ParentCommand
        RockyComponentCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = new PrintWriter(new PrintableWriter(spec.commandLine().getOut()));
            ComponentConfig config = parent.config();
            out.println("ok     defs.yaml   " + config.defsFile() + " (" + attributesLine(config) + ")");
            int errors = 0;
            Path rockyToml = config.projectRoot().resolve(config.engine().configPath());
            errors += check(out, "config", () -> Files.isRegularFile(rockyToml) ? rockyToml.toString()
                    : fail("no rocky config at " + rockyToml + "; fix config_path in defs.yaml"));
            errors += check(out, "binary", () -> CommonsExecCommandRunner.resolveProgram(config.resolvedBinary(),
                    config.projectRoot()) + " (exists and is executable; not run)");
            Path models = config.projectRoot().resolve(config.engine().modelsDir());
            errors += check(out, "models", () -> {
                if (!Files.isDirectory(models)) {
                    return models + " does not exist: refresh skips compile and optimize";
                }
                List<ModelSidecar> found = new TomlModelCatalog().models(models);
                return models + " (" + found.size() + " models: "
                        + String.join(", ", found.stream().map(ModelSidecar::name).toList()) + ")";
            });
            RockyComponent component = parent.component(config);
            errors += check(out, "translator", () -> component.translator().describe());
            DefsState[] read = new DefsState[1];
            errors += check(out, "state", () -> {
                DefsState state = component.state();
                read[0] = state;
                return component.stateLocation() + " (format " + state.formatVersion() + ", "
                        + state.discover().sources().size() + " sources, " + state.discover().tableCount() + " tables"
                        + (state.compile().isPresent() ? ", compile" : "") + (state.optimize().isPresent() ? ", optimize" : "")
                        + (state.dag().isPresent() ? ", dag" : "")
                        + ", dag_status " + state.recordedDagStatus().orElse("absent")
                        + state.storeVersion().map(v -> ", version " + v).orElse("")
                        + (state.slotErrors().isEmpty() ? "" : ", failed at refresh: " + String.join(", ", state.slotErrors().keySet()))
                        + ")";
            });
            if (read[0] != null) {
                errors += discoverSlot(out, read[0]);
            }
            if (read[0] != null) {
                Optional<String> stale = component.staleness(read[0]);
                if (stale.isEmpty()) {
                    out.println("ok     " + String.format("%-11s ", "freshness") + (read[0].fingerprint().isPresent()
                            ? "inputs unchanged since the refresh" : "not recorded (state written before fingerprints)"));
                } else if (config.state().failOnStaleState()) {
                    out.println("error  " + String.format("%-11s ", "freshness") + stale.get() + " (fail_on_stale_state)");
                    errors++;
                } else {
                    out.println("warn   " + String.format("%-11s ", "freshness") + stale.get() + "; run `rocky-component refresh`");
                }
            }
            parent.finishConsole();
            out.println(errors == 0 ? "valid" : errors + (errors == 1 ? " problem" : " problems") + " found");
            out.flush();
            return errors == 0 ? 0 : 1;
        }

        /** A state whose discover slot failed at refresh, or lists no source, gives no graph worth loading. */
        private static int discoverSlot(PrintWriter out, DefsState state) {
            String label = String.format("%-11s ", "discover");
            Optional<String> failed = Optional.ofNullable(state.slotErrors().get("discover"));
            if (failed.isPresent()) {
                out.println("error  " + label + "rocky discover failed at the last refresh ("
                        + CliArgument.printable(failed.get()) + "); fix it and run `rocky-component refresh`");
                return 1;
            }
            if (state.discover().sources().isEmpty()) {
                out.println("error  " + label + "the discover slot lists no source, so the graph has no source table; check "
                        + "rocky.toml's pipelines and run `rocky-component refresh`");
                return 1;
            }
            out.println("ok     " + label + state.discover().sources().size() + " sources");
            return 0;
        }

        private static String fail(String message) {
            throw new IllegalStateException(message);
        }

        private static int check(PrintWriter out, String what, java.util.function.Supplier<String> probe) {
            String label = String.format("%-11s ", what);
            try {
                out.println("ok     " + label + probe.get());
                return 0;
            } catch (RockyException | IllegalStateException e) {
                out.println("error  " + label + e.getMessage());
                return 1;
            }
        }
    }

    /** {@code --format} of the commands that print text or one JSON document; picocli refuses any other value. */
    enum TextOrJson {
        /** For people. */
        text,
        /** One JSON document. */
        json
    }

    /** {@code doctor}. */
    @Command(name = "doctor", mixinStandardHelpOptions = true,
            description = {"Run `rocky doctor` and print its health checks, each with what strict_doctor would do with it.",
                "A check marked `blocks` stops a materialization when strict_doctor is on: a critical (or unknown) check, "
                    + "when strict_doctor_checks is empty or names it."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:no check would stop a materialization", "1:a check would stop one, or rocky doctor failed"})
    static final class Doctor implements Callable<Integer> {
        @ParentCommand
        RockyComponentCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
                description = "Output format: text, or json (the engine's checks with `blocks`) (default: ${DEFAULT-VALUE}).")
        RockyComponentCommand.TextOrJson format;

        @Override
        public Integer call() throws java.io.IOException {
            RockyComponent.DoctorCheck doctor = parent.component().doctor();
            parent.finishConsole();
            java.util.Set<String> blocking = new java.util.HashSet<>();
            doctor.verdict().blocking().forEach(c -> blocking.add(c.name()));
            PrintWriter out = new PrintWriter(new PrintableWriter(spec.commandLine().getOut()));
            if (format == RockyComponentCommand.TextOrJson.json) {
                com.fasterxml.jackson.core.JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(out);
                g.writeStartObject();
                g.writeNumberField("format_version", PublishedFormat.DOCTOR.version());
                g.writeStringField("overall", doctor.report().overall());
                g.writeBooleanField("passes", doctor.verdict().passes());
                g.writeArrayFieldStart("checks");
                for (dev.rocky.core.run.DoctorResult.Check c : doctor.report().checks()) {
                    g.writeStartObject();
                    g.writeStringField("name", c.name());
                    g.writeStringField("status", c.wireStatus());
                    g.writeStringField("message", c.message());
                    g.writeNumberField("duration_ms", c.durationMs());
                    g.writeBooleanField("blocks", blocking.contains(c.name()));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
                g.flush();
                out.println();
            } else {
                for (dev.rocky.core.run.DoctorResult.Check c : doctor.report().checks()) {
                    out.println(String.format("%-8s %-7s %-22s %s", c.wireStatus(), blocking.contains(c.name()) ? "blocks" : "",
                            c.name(), c.message()));
                }
                doctor.report().suggestions().forEach(x -> out.println("suggestion: " + x));
                out.println("overall " + doctor.report().overall() + ": " + (doctor.verdict().passes()
                        ? "no check would stop a materialization"
                        : doctor.verdict().blocking().size() + " check(s) would stop a materialization under strict_doctor"));
            }
            out.flush();
            if (!doctor.verdict().passes()) {
                spec.commandLine().getErr().println("rocky-component: error: " + doctor.verdict().blocking().size()
                        + " check(s) would stop a materialization under strict_doctor: " + String.join(", ", doctor.verdict().blocking()
                                .stream().map(c -> c.name()).toList()) + " [DOCTOR_CRITICAL]");
            }
            return doctor.verdict().passes() ? 0 : 1;
        }
    }

    /** {@code health}. */
    @Command(name = "health", mixinStandardHelpOptions = true,
            description = {"A liveness check: `rocky doctor` (the reference's rocky_healthcheck), the state backend and last run "
                + "(state_health), and the age of this component's state.",
                "Never fails on a data problem: a failed last run is reported, not an unhealthy process."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:healthy: doctor ran, no check is critical, the probe (when asked) passed, the state is young enough",
                "1:unhealthy: doctor could not run or reported a critical check, the write probe failed, or the state is older "
                    + "than --max-state-age"})
    static final class Health implements Callable<Integer> {
        @ParentCommand
        RockyComponentCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--probe-write", description = "Also run `rocky doctor --check state_rw`: a put/get/delete round trip "
                + "against the state backend.")
        boolean probeWrite;

        @Option(names = "--max-state-age", paramLabel = "<seconds>", description = "Unhealthy when this component's state was "
                + "written longer ago than this (or never).")
        Long maxStateAge;

        @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
                description = "Output format: text or json (default: ${DEFAULT-VALUE}).")
        RockyComponentCommand.TextOrJson format;

        @Override
        public Integer call() throws java.io.IOException {
            if (maxStateAge != null && maxStateAge < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--max-state-age must be at least 0");
            }
            RockyComponent component = parent.component();
            dev.rocky.core.report.Healthcheck check = component.healthcheck();
            dev.rocky.core.report.StateHealth state = component.stateHealth(probeWrite);
            Optional<java.time.Instant> written;
            try {
                written = component.state().writtenAt();
            } catch (RockyException e) {
                written = Optional.empty();
            }
            Optional<Long> age = written.map(w -> java.time.Duration.between(w, java.time.Instant.now()).toSeconds());
            parent.finishConsole();
            List<String> problems = new ArrayList<>();
            check.error().ifPresent(e -> problems.add("rocky doctor could not run: " + e));
            if (!check.criticalChecks().isEmpty()) {
                problems.add("rocky doctor: critical " + String.join(", ", check.criticalChecks()));
            }
            state.probeOutcome().filter(o -> !o.equals("ok")).ifPresent(o -> problems.add("state_rw probe " + o
                    + state.probeError().map(e -> ": " + e).orElse("")));
            if (maxStateAge != null && (age.isEmpty() || age.get() > maxStateAge)) {
                problems.add(age.map(a -> "the state is " + a + " s old, more than --max-state-age " + maxStateAge)
                        .orElse("the state has no written time (never refreshed, or written before it was recorded)"));
            }
            PrintWriter out = new PrintWriter(new PrintableWriter(spec.commandLine().getOut()));
            if (format == RockyComponentCommand.TextOrJson.json) {
                com.fasterxml.jackson.core.JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(out);
                g.writeStartObject();
                g.writeNumberField("format_version", PublishedFormat.HEALTH.version());
                g.writeBooleanField("healthy", problems.isEmpty());
                g.writeArrayFieldStart("problems");
                for (String p : problems) {
                    g.writeString(p);
                }
                g.writeEndArray();
                g.writeStringField("doctor_overall", check.doctor().map(d -> d.overall()).orElse(null));
                g.writeStringField("backend", state.backend());
                g.writeStringField("last_run_status", state.lastRunStatus().orElse(null));
                g.writeStringField("last_run_at", state.lastRunAt().orElse(null));
                g.writeStringField("probe_outcome", state.probeOutcome().orElse(null));
                if (state.probeDurationMs().isPresent()) {
                    g.writeNumberField("probe_duration_ms", state.probeDurationMs().getAsLong());
                }
                if (age.isPresent()) {
                    g.writeNumberField("state_age_seconds", age.get());
                }
                g.writeEndObject();
                g.flush();
                out.println();
            } else {
                out.println("doctor      " + check.doctor().map(d -> d.overall() + " (" + d.checks().size() + " checks)")
                        .orElse("did not run"));
                out.println("backend     " + state.backend());
                out.println("last run    " + state.lastRunStatus().map(st -> st + state.lastRunAt().map(a -> " at " + a).orElse(""))
                        .orElse(state.historyError().map(e -> "unknown (" + e + ")").orElse("none recorded")));
                state.probeOutcome().ifPresent(o -> out.println("state_rw    " + o + (state.probeDurationMs().isPresent()
                        ? " in " + state.probeDurationMs().getAsLong() + " ms" : "")));
                out.println("state age   " + age.map(a -> a + " s").orElse("unknown"));
                problems.forEach(p -> out.println("problem     " + p));
                out.println(problems.isEmpty() ? "healthy" : "unhealthy");
            }
            out.flush();
            if (!problems.isEmpty()) {
                spec.commandLine().getErr().println("rocky-component: error: unhealthy: " + ConsoleLogSink.printable(
                        String.join("; ", problems)));
            }
            return problems.isEmpty() ? 0 : 1;
        }
    }

    /** {@code materialize}. */
    @Command(name = "materialize", mixinStandardHelpOptions = true,
            description = {"Materialize assets of the graph: load it from the state (calls nothing), then run rocky for the selection",
                "through plan-then-apply (rocky plan, check .rocky/plans/<plan_id>.json, rocky apply <plan_id>; --fused: rocky run).",
                "Prints one line per event (--format jsonl: one JSON object per line). With neither --select nor --group, everything",
                "the graph can materialize is selected.",
                "Under a Dagster Pipes client (DAGSTER_PIPES_CONTEXT and DAGSTER_PIPES_MESSAGES set, e.g. by dagster's",
                "PipesSubprocessClient) each event is also reported to it, and the step's asset keys and partition are the",
                "selection when neither --select, --group nor --partition is given."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every selected asset materialized", "1:failure: nothing materialized, or the graph or selection is invalid",
                "2:usage error (also a value rocky would read as an option)",
                "3:partial failure: some selected assets failed (each is printed with its failure_kind)"})
    static final class Materialize implements Callable<Integer> {
        @ParentCommand
        RockyComponentCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--select", paramLabel = "KEY", description = "An asset key, segments joined with / (repeatable).")
        List<String> select = new java.util.ArrayList<>();

        @Option(names = "--group", paramLabel = "G", description = "Every asset of a group (repeatable).")
        List<String> groups = new java.util.ArrayList<>();

        @Option(names = "--partition", paramLabel = "K",
                description = "One partition, in the orchestrator's form (2026-04-08, 2026-04-08-13:00, 2026-04-01, 2026), or a "
                    + "tenant's key under `tenant` (runs --filter <component>=<tenant>).")
        String partition;

        @Option(names = "--from", paramLabel = "K", description = "First partition of a backfill range (with --to).")
        String from;

        @Option(names = "--to", paramLabel = "K", description = "Last partition of a backfill range, inclusive (with --from).")
        String to;

        @Option(names = "--fused", description = "Call rocky run directly instead of plan-then-apply.")
        boolean fused;

        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Passed to rocky run; masked in every log line.")
        String idempotencyKey;

        @Option(names = "--shadow-suffix", paramLabel = "S", description = "Run in shadow mode with this table suffix.")
        String shadowSuffix;

        @Option(names = "--format", defaultValue = "text", paramLabel = "text|jsonl",
                description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        EventFormat format;

        @Override
        public Integer call() throws IOException {
            if ((from == null) != (to == null)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--from and --to go together");
            }
            if (partition != null && from != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --partition or --from/--to, not both");
            }
            checkArguments(java.util.Arrays.asList(partition, from, to, shadowSuffix, idempotencyKey),
                    List.of("--partition", "--from", "--to", "--shadow-suffix", "--idempotency-key"));
            // Under a Dagster Pipes client (DAGSTER_PIPES_CONTEXT set), events go to it too; the step's asset keys and
            // partition are the selection when the command line gives none. A bad bootstrap stops here, before anything runs.
            Optional<DagsterPipesWriter> pipes = DagsterPipesWriter.open(parent.environment, spec.commandLine().getErr(),
                    w -> spec.commandLine().getErr().println("rocky-component: warning: " + w));
            try {
                return materialize(pipes);
            } finally {
                pipes.ifPresent(DagsterPipesWriter::close);
            }
        }

        private int materialize(Optional<DagsterPipesWriter> pipes) throws IOException {
            List<String> keys = select;
            if (pipes.isPresent() && select.isEmpty() && groups.isEmpty()) {
                keys = pipes.get().context().assetKeys().stream().map(k -> String.join("/", k.path())).toList();
            }
            if (pipes.isPresent() && partition == null && from == null) {
                partition = pipes.get().context().partitionKey().orElse(null);
            }
            try (RockyComponent component = parent.component()) {
                return materialize(pipes, keys, component);
            }
        }

        private int materialize(Optional<DagsterPipesWriter> pipes, List<String> keys, RockyComponent component) throws IOException {
            Definitions defs = component.loadExisting().definitions();
            Materializer.Selection selection = new Materializer.Selection(RockyComponent.select(defs, keys, groups),
                    Optional.ofNullable(partition), Optional.ofNullable(from), Optional.ofNullable(to));
            RunOptions.Builder base = RunOptions.builder().fused(fused);
            try {
                if (idempotencyKey != null) {
                    base.idempotencyKey(idempotencyKey);
                }
                if (shadowSuffix != null) {
                    base.shadowSuffix(shadowSuffix);
                }
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            dev.rocky.core.run.Secrets secrets = idempotencyKey == null ? component.secrets()
                    : component.secrets().and(List.of(idempotencyKey));
            RunEventWriter writer = new RunEventWriter(secrets, spec.commandLine().getOut(),
                    format == EventFormat.jsonl, parent::finishConsole);
            RunEventListener listener = pipes.isPresent() ? RunEventListener.both(writer, pipes.get()) : writer;
            // Streamed: each event is written as its call returns and then dropped, so memory does not grow with the selection.
            MaterializationSummary report;
            try {
                report = component.stream(defs, selection, base.build(), listener);
            } catch (RockyException e) {
                // A jsonl stream always ends with its summary: here, the error that stopped it (the handler prints the line).
                parent.finishConsole();
                writer.error(1, e.code().name(), secrets.redact(e.getMessage()));
                pipes.ifPresent(p -> p.finish(new RockyException(e.code(), secrets.redact(e.getMessage()))));
                throw e;
            } catch (RuntimeException e) {
                // an internal error: the Pipes parent hears of it too (the jsonl stream has no summary, so it reads as cut short)
                pipes.ifPresent(p -> p.finish(new IllegalStateException(secrets.redact(String.valueOf(e)))));
                throw e;
            }
            pipes.ifPresent(p -> p.finish(report));
            parent.finishConsole();
            writer.summary(report);
            try {
                report.throwIfFailed();
            } catch (RockyRunException e) {
                spec.commandLine().getErr().println("rocky-component: error: " + report.failures().size() + " of "
                        + selection.assets().size() + " selected assets failed to materialize (the `failed` lines say which and why)"
                        + e.retryAfterSeconds().stream().mapToObj(s -> "; a quota tripped: retry after " + s + " s").findFirst().orElse("")
                        + " [" + e.code() + "]");
                spec.commandLine().getErr().flush();
            }
            return report.outcome().exitCode();
        }

        /** Refuses, as a usage error, a value rocky would read as an option or that has a line break or NUL. */
        private void checkArguments(List<String> values, List<String> options) {
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i);
                Optional<String> problem = v == null ? Optional.empty() : CliArgument.problem(v);
                if (problem.isPresent()) {
                    String shown = options.get(i).equals("--idempotency-key") ? "(a secret, not shown)" : "'" + CliArgument.printable(v) + "'";
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), options.get(i) + " " + shown + " "
                            + problem.get());
                }
            }
        }
    }

    /** Output formats of {@code materialize}. */
    enum EventFormat {
        /** One readable line per event and a summary. */
        text,
        /** One JSON object per line. */
        jsonl
    }
}
