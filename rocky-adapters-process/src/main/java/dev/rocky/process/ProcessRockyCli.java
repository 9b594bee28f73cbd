package dev.rocky.process;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyCommandException;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.RockyOutputException;
import dev.rocky.core.error.RockyTimeoutException;
import dev.rocky.core.governance.ComplianceResult;
import dev.rocky.core.governance.RetentionStatusResult;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.ModelLineage;
import dev.rocky.core.model.OptimizeResult;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.state.RockyOutput;
import dev.rocky.core.run.CliArgument;
import dev.rocky.core.run.PlanResult;
import dev.rocky.core.run.PipesSession;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.report.CiReport;
import dev.rocky.core.report.ColumnTrace;
import dev.rocky.core.report.DagRun;
import dev.rocky.core.report.ModelHistory;
import dev.rocky.core.report.RawCommand;
import dev.rocky.core.report.RawReport;
import dev.rocky.core.report.ModelMetrics;
import dev.rocky.core.report.ReviewStatus;
import dev.rocky.core.report.RunCost;
import dev.rocky.core.report.RunHistory;
import dev.rocky.core.report.StateReport;
import dev.rocky.core.report.TestReport;
import dev.rocky.core.run.DoctorResult;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.Secrets;
import dev.rocky.json.CompileOutput;
import dev.rocky.json.ComplianceOutput;
import dev.rocky.json.DagOutput;
import dev.rocky.json.DiscoverOutput;
import dev.rocky.json.LineageOutput;
import dev.rocky.json.OptimizeOutput;
import dev.rocky.json.PlanOutput;
import dev.rocky.json.RetentionStatusOutput;
import dev.rocky.json.RockyJson;
import dev.rocky.json.DoctorOutput;
import dev.rocky.json.ReportOutputs;
import dev.rocky.json.LoadOutput;
import dev.rocky.json.RunDocument;
import dev.rocky.json.RunOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@link RockyCli} over the rocky binary.
 *
 * <p>Each call runs {@code <binary> --config <config_path> (--state-path <state_path> |
 * --state-namespace <ns>) --output json <subcommand> …} in the project directory with
 * {@code ROCKY_SUPPRESS_DEPRECATION=1}, through a {@link CommandRunner}. Before the first command,
 * {@code rocky --version} is checked once against {@link EngineVersion#FLOOR}: an older engine is an
 * {@link ErrorCode#ENGINE_TOO_OLD} error; an unreadable version logs a warning and goes on.
 *
 * <p>Exit codes follow the CLI's rule (MANIFEST.md): 0 → parse stdout; non-zero with stdout that
 * starts with <code>{</code> → a result that carries the failure, for the commands that print one
 * (compile with errors); anything else → {@link RockyCommandException} with the exit code and the
 * stderr tail. A timeout is a {@link RockyTimeoutException}; stdout that is not JSON, is over the
 * cap, or has the wrong shape is a {@link RockyOutputException} naming the command and JSON path.
 *
 * <p>Every value is one argument of its own, and the binary is started without a shell. A model
 * name or models directory that breaks the {@link CliArgument} rule (starts with {@code -}, has a
 * line break or NUL) is a {@code CONFIG_INVALID} error before anything is spawned.
 *
 * <p>Thread-safe.
 */
public final class ProcessRockyCli implements RockyCli {

    /** The environment variable set for every rocky process. */
    public static final Map<String, String> ENVIRONMENT = Map.of("ROCKY_SUPPRESS_DEPRECATION", "1");

    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern PLAN_ID = Pattern.compile("[0-9a-f]{64}");

    private final RockyCliSettings settings;
    private final CommandRunner runner;
    private final LogSink log;
    private final Secrets secrets;
    private final Optional<RockyServeClient> server;
    private volatile boolean versionChecked;
    private volatile Optional<EngineVersion> version = Optional.empty();

    /**
     * @param settings how to run the binary
     * @param runner what runs processes
     * @param log receives every stderr line as it arrives, and warnings
     */
    public ProcessRockyCli(RockyCliSettings settings, CommandRunner runner, LogSink log) {
        this(settings, runner, log, Secrets.none());
    }

    /**
     * @param settings how to run the binary
     * @param runner what runs processes
     * @param log receives every stderr line as it arrives, and warnings
     * @param secrets values masked in every stderr line and error message (e.g. the environment's
     *     tokens), on top of each run's masked arguments
     */
    public ProcessRockyCli(RockyCliSettings settings, CommandRunner runner, LogSink log, Secrets secrets) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.runner = Objects.requireNonNull(runner, "runner is null");
        this.log = Objects.requireNonNull(log, "log is null");
        this.secrets = Objects.requireNonNull(secrets, "secrets is null");
        this.server = settings.serverUrl().map(url -> new RockyServeClient(url, RockyServeClient.timeoutFor(settings.timeout())));
    }

    /**
     * Checks that the binary can be started ({@link CommandRunner#checkProgram}) and that
     * {@code --config} names a readable regular file (a FIFO or device such as {@code /dev/zero}
     * would make rocky block or read without end), without running anything.
     *
     * @throws RockyException {@code BINARY_NOT_FOUND} / {@code BINARY_NOT_EXECUTABLE} from the
     *     runner, or {@code CONFIG_INVALID} naming the config path
     */
    @Override
    public void preflight() {
        runner.checkProgram(settings.binary(), settings.projectDir());
        Path config = settings.projectDir().resolve(settings.configPath());
        if (!Files.exists(config)) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, "the rocky config " + config + " does not exist; fix config_path "
                    + "in defs.yaml (it is resolved against " + settings.projectDir() + ")");
        }
        if (!Files.isRegularFile(config)) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, "the rocky config " + config + " is not a regular file; point "
                    + "config_path in defs.yaml at a rocky.toml");
        }
        if (!Files.isReadable(config)) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, "the rocky config " + config + " cannot be read (permissions); "
                    + "make it readable by this user");
        }
    }

    @Override
    public RockyOutput<DiscoverResult> discover() {
        return discover(java.util.Optional.empty());
    }

    @Override
    public RockyOutput<DiscoverResult> discover(java.util.Optional<String> pipeline) {
        List<String> args = new ArrayList<>(List.of("discover"));
        pipeline.ifPresent(p -> {
            args.add("--pipeline");
            args.add(value("pipeline", p));
        });
        return runJson("discover", args, DiscoverOutput.class, DiscoverOutput::command, DiscoverOutput::toDomain, false);
    }

    @Override
    public RockyOutput<CompileResult> compile(String modelsDir) {
        return compile(modelsDir, java.util.Optional.empty());
    }

    @Override
    public RockyOutput<CompileResult> compile(String modelsDir, java.util.Optional<String> contractsDir) {
        List<String> args = new ArrayList<>(withModels(List.of("compile"), modelsDir));
        contractsDir.ifPresent(dir -> {
            args.add("--contracts");
            args.add(value("contracts directory", dir));
        });
        if (server.isPresent()) {
            // rocky serve compiles the whole project it was started on (the SDK's compile over HTTP)
            return viaServer("compile", "/api/v1/compile", CompileOutput.class, CompileOutput::command, CompileOutput::toDomain);
        }
        return runJson("compile", args, CompileOutput.class, CompileOutput::command, CompileOutput::toDomain, true);
    }

    @Override
    public RockyOutput<OptimizeResult> optimize(String modelsDir) {
        return runJson("optimize", withModels(List.of("optimize"), modelsDir), OptimizeOutput.class,
                OptimizeOutput::command, OptimizeOutput::toDomain, false);
    }

    @Override
    public RockyOutput<DagResult> dag(String modelsDir, boolean columnLineage) {
        return dag(modelsDir, columnLineage, java.util.Optional.empty());
    }

    /**
     * {@inheritDoc}
     *
     * <p>On rocky {@link EngineVersion#DAG_RESOLVES_PIPELINE_ROOTS} and later, {@code --models} is
     * left out so each transformation pipeline resolves its own models root, as dagster-rocky 1.63
     * runs it; an older engine, or one whose version cannot be read, gets {@code --models <modelsDir>}.
     */
    @Override
    public RockyOutput<DagResult> dag(String modelsDir, boolean columnLineage, java.util.Optional<String> contractsDir) {
        boolean ownRoots = engineVersion().filter(v -> v.compareTo(EngineVersion.DAG_RESOLVES_PIPELINE_ROOTS) >= 0).isPresent();
        List<String> args = new ArrayList<>(ownRoots ? List.of("dag") : withModels(List.of("dag"), modelsDir));
        contractsDir.ifPresent(dir -> {
            args.add("--contracts");
            args.add(value("contracts directory", dir));
        });
        if (columnLineage) {
            args.add("--column-lineage");
        }
        return runJson("dag", args, DagOutput.class, DagOutput::command, DagOutput::toDomain, false);
    }

    /**
     * The full argv for a subcommand: binary, global options, {@code --output json}, then the
     * subcommand's own arguments.
     *
     * @param subcommand the subcommand and its arguments, e.g. {@code [compile, --models, models]}
     * @return the argv
     */
    public List<String> argv(List<String> subcommand) {
        List<String> argv = new ArrayList<>(subcommand.size() + 7);
        argv.add(settings.binary());
        argv.add("--config");
        argv.add(settings.configPath());
        if (settings.stateNamespace().isPresent()) {
            argv.add("--state-namespace");
            argv.add(settings.stateNamespace().get());
        } else {
            argv.add("--state-path");
            argv.add(settings.statePath());
        }
        argv.add("--output");
        argv.add("json");
        argv.addAll(subcommand);
        return argv;
    }

    /**
     * Runs {@code rocky --version} once and checks it against the floor; later calls return at once.
     *
     * @return the engine version, when it could be read
     * @throws RockyException {@code ENGINE_TOO_OLD} when the engine is older than the floor, or a
     *     binary error when it cannot be started
     */
    public Optional<EngineVersion> checkVersion() {
        CommandResult result = runner.run(new CommandRequest("--version", List.of(settings.binary(), "--version"),
                settings.projectDir(), ENVIRONMENT, VERSION_TIMEOUT, 64 * 1024), line -> log.rockyStderr("--version", secrets.redact(line)));
        String out = new String(result.stdout(), StandardCharsets.UTF_8).strip();
        Optional<EngineVersion> version = result.timedOut() || result.exitCode() != 0 ? Optional.empty() : EngineVersion.parse(out);
        if (version.isEmpty()) {
            log.warn("cannot read the rocky version from `" + settings.binary() + " --version` (exit "
                    + result.exitCode() + ", stdout '" + secrets.redact(abbreviate(out)) + "'); going on without the version check");
        } else if (version.get().compareTo(EngineVersion.FLOOR) < 0) {
            throw new RockyException(ErrorCode.ENGINE_TOO_OLD, "rocky " + version.get() + " at " + settings.binary()
                    + " is older than " + EngineVersion.FLOOR + ", the oldest rocky-java supports; upgrade rocky");
        }
        this.version = version;
        versionChecked = true;
        return version;
    }

    /** @return the engine version, checking it first when no call has yet */
    private Optional<EngineVersion> engineVersion() {
        ensureVersionChecked();
        return version;
    }

    private void ensureVersionChecked() {
        if (!versionChecked) {
            synchronized (this) {
                if (!versionChecked) {
                    checkVersion();
                }
            }
        }
    }

    private <D, T> RockyOutput<T> runJson(String command, List<String> subcommand, Class<D> dtoType,
            Function<D, String> commandOf, Function<D, T> toDomain, boolean jsonOnFailure) {
        Call call = new Call(command, command, subcommand, settings.timeout(), line -> log.rockyStderr(command, secrets.redact(line)),
                secrets);
        return runJson(call, dtoType, commandOf, (dto, exit) -> toDomain.apply(dto), jsonOnFailure);
    }

    @Override
    public RockyOutput<ComplianceResult> compliance(String modelsDir) {
        return runJson("compliance", withModels(List.of("compliance"), modelsDir), ComplianceOutput.class, ComplianceOutput::command,
                ComplianceOutput::toDomain, true);
    }

    @Override
    public RockyOutput<RetentionStatusResult> retentionStatus(String modelsDir) {
        return runJson("retention-status", withModels(List.of("retention-status"), modelsDir), RetentionStatusOutput.class,
                RetentionStatusOutput::command, RetentionStatusOutput::toDomain, false);
    }

    /**
     * {@code rocky doctor}: exit 3 with the document printed is a report with a critical check,
     * not an error (the CLI conventions in rocky-contract MANIFEST.md).
     */
    @Override
    public RockyOutput<DoctorResult> doctor() {
        return doctor(Optional.empty());
    }

    /** {@code rocky doctor [--check <name>]}, with the same exit-code rule as {@link #doctor()}. */
    @Override
    public RockyOutput<DoctorResult> doctor(Optional<String> check) {
        List<String> args = new ArrayList<>(List.of("doctor"));
        check.ifPresent(c -> args.addAll(List.of("--check", value("check name", c))));
        Call call = new Call("doctor", "doctor", args, settings.timeout(),
                line -> log.rockyStderr("doctor", secrets.redact(line)), secrets);
        return runJson(call, DoctorOutput.class, DoctorOutput::command, DoctorOutput::toDomain, true);
    }

    @Override
    public RockyOutput<StateReport> state() {
        return runJson("state", List.of("state"), ReportOutputs.StateOutput.class, ReportOutputs.StateOutput::command,
                ReportOutputs.StateOutput::toDomain, false);
    }

    @Override
    public RockyOutput<RunHistory> history(Optional<String> since) {
        List<String> args = new ArrayList<>(List.of("history"));
        since.ifPresent(d -> args.addAll(List.of("--since", value("--since date", d))));
        return runJson("history", args, ReportOutputs.HistoryOutput.class, ReportOutputs.HistoryOutput::command,
                ReportOutputs.HistoryOutput::toDomain, false);
    }

    @Override
    public RockyOutput<ModelMetrics> metrics(String model, boolean trend, Optional<String> column, boolean alerts) {
        if (server.isPresent()) {
            if (trend || column.isPresent() || alerts) {
                throw new IllegalArgumentException("trend, column and alerts are not served by rocky serve (server_url is set); "
                        + "call metrics without them, or run without server_url");
            }
            return viaServer("metrics", "/api/v1/models/" + RockyServeClient.segment(value("model name", model)) + "/metrics",
                    ReportOutputs.MetricsOutput.class, ReportOutputs.MetricsOutput::command, ReportOutputs.MetricsOutput::toDomain);
        }
        List<String> args = new ArrayList<>(List.of("metrics", value("model name", model)));
        if (trend) {
            args.add("--trend");
        }
        column.ifPresent(c -> args.addAll(List.of("--column", value("column name", c))));
        if (alerts) {
            args.add("--alerts");
        }
        return runJson("metrics", args, ReportOutputs.MetricsOutput.class, ReportOutputs.MetricsOutput::command,
                ReportOutputs.MetricsOutput::toDomain, false);
    }

    @Override
    public RockyOutput<RunCost> cost(String runId) {
        return runJson("cost", List.of("cost", value("run id", runId)), ReportOutputs.CostOutput.class,
                ReportOutputs.CostOutput::command, ReportOutputs.CostOutput::toDomain, false);
    }

    /** {@code rocky test}: a failed test exits 1 with the document printed, a report (the SDK's {@code allow_partial}). */
    @Override
    public RockyOutput<TestReport> test(String modelsDir, Optional<String> contractsDir, Optional<String> model) {
        List<String> args = new ArrayList<>(withModels(List.of("test"), modelsDir));
        contractsDir.ifPresent(c -> args.addAll(List.of("--contracts", value("contracts directory", c))));
        model.ifPresent(m -> args.addAll(List.of("--model", value("model name", m))));
        Call call = new Call("test", "test", args, settings.timeout(), line -> log.rockyStderr("test", secrets.redact(line)), secrets);
        return runJson(call, ReportOutputs.TestOutput.class, ReportOutputs.TestOutput::command, ReportOutputs.TestOutput::toDomain, true);
    }

    /** {@code rocky ci}: a failure exits 1 with the document printed, a report (the SDK's {@code allow_partial}). */
    @Override
    public RockyOutput<CiReport> ci(String modelsDir, Optional<String> contractsDir) {
        List<String> args = new ArrayList<>(withModels(List.of("ci"), modelsDir));
        contractsDir.ifPresent(c -> args.addAll(List.of("--contracts", value("contracts directory", c))));
        Call call = new Call("ci", "ci", args, settings.timeout(), line -> log.rockyStderr("ci", secrets.redact(line)), secrets);
        return runJson(call, ReportOutputs.CiOutput.class, ReportOutputs.CiOutput::command, ReportOutputs.CiOutput::toDomain, true);
    }

    @Override
    public RockyOutput<ReviewStatus> reviewStatus(String planId) {
        if (!PLAN_ID.matcher(planId).matches()) {
            throw new IllegalArgumentException("plan id '" + abbreviate(planId) + "' is not 64 hex digits");
        }
        Call call = new Call("review", "review_status", List.of("review", planId, "--status"), settings.timeout(),
                line -> log.rockyStderr("review", secrets.redact(line)), secrets);
        return runJson(call, ReportOutputs.ReviewStatusOutput.class, ReportOutputs.ReviewStatusOutput::command,
                (dto, exit) -> dto.toDomain(), false);
    }

    @Override
    public RockyOutput<ModelLineage> lineage(String model, String modelsDir) {
        if (server.isPresent()) {
            return viaServer("lineage", "/api/v1/models/" + RockyServeClient.segment(value("model name", model)) + "/lineage",
                    LineageOutput.class, LineageOutput::command, LineageOutput::toDomain);
        }
        return runJson("lineage", withModels(List.of("lineage", value("model name", model)), modelsDir), LineageOutput.class, LineageOutput::command,
                LineageOutput::toDomain, false);
    }

    /**
     * The SDK's feature floors ({@code _require_engine}, rocky_sdk client.py): a flag a newer engine
     * than {@link EngineVersion#FLOOR} introduced is refused before spawning on an older one, not
     * left to fail as an unknown flag; with the version unknown it goes ahead with a warning.
     */
    private void requireEngine(EngineVersion minimum, String feature) {
        Optional<EngineVersion> v = engineVersion();
        if (v.isEmpty()) {
            log.warn("the rocky version is unknown; going ahead with " + feature + ", which needs rocky " + minimum + " or newer");
            return;
        }
        if (v.get().compareTo(minimum) < 0) {
            throw new RockyException(ErrorCode.ENGINE_TOO_OLD, feature + " needs rocky " + minimum + " or newer, and "
                    + settings.binary() + " is rocky " + v.get() + "; upgrade rocky");
        }
    }

    private void checkRunFeatures(RunOptions options, String verb) {
        if (options.model().isPresent() && options.pipeline().isPresent()) {
            requireEngine(EngineVersion.MODEL_RUNS_IN_ITS_PIPELINE, "rocky " + verb + " --model with --pipeline");
        }
    }

    @Override
    public RockyOutput<RunResult> run(RunOptions options, LogSink sink) {
        validateGovernanceOverride(options);
        ensureVersionChecked();
        checkRunFeatures(options, "run");
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(options.arguments());
        // a load pipeline's run prints rocky load's document (run.rs delegates to load.rs)
        return runJson(runCall("run", "run", args, options, sink), RunDocument::typeOf, d -> d instanceof LoadOutput ? "run"
                : d.command(), RunDocument::toDomain, true);
    }

    @Override
    public RockyOutput<RunResult> run(RunOptions options, LogSink sink, PipesSession session) {
        validateGovernanceOverride(options);
        ensureVersionChecked();
        checkRunFeatures(options, "run");
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(options.arguments());
        return runJson(runCall("run", "run", args, options, sink).over(session, Optional.empty()), RunDocument::typeOf,
                d -> d instanceof LoadOutput ? "run" : d.command(), RunDocument::toDomain, true);
    }

    @Override
    public RockyOutput<RunResult> apply(String planId, RunOptions options, LogSink sink, PipesSession session) {
        if (!PLAN_ID.matcher(planId).matches()) {
            throw new IllegalArgumentException("plan id '" + abbreviate(planId) + "' is not 64 hex digits");
        }
        return runJson(runCall("apply", "run", List.of("apply", planId), options, sink).over(session, Optional.of(planId)),
                RunDocument::typeOf, d -> d instanceof RunOutput r ? r.command() : "run", RunDocument::toDomain, true);
    }

    @Override
    public RockyOutput<PlanResult> plan(RunOptions options, LogSink sink) {
        validateGovernanceOverride(options);
        if (!options.runOnlyFlags().isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", options.runOnlyFlags()) + " exist on rocky run only and rocky plan "
                    + "refuses them; run fused (one rocky run) for them");
        }
        ensureVersionChecked();
        checkRunFeatures(options, "plan");
        List<String> args = new ArrayList<>(List.of("plan"));
        args.addAll(options.arguments());
        RockyOutput<PlanResult> out = runJson(runCall("plan", "plan", args, options, sink), PlanOutput.class, PlanOutput::command,
                (dto, exit) -> dto.toDomain(), false);
        Optional<String> id = out.value().planId();
        if (id.isPresent()) {
            if (!PLAN_ID.matcher(id.get()).matches()) {
                throw new RockyException(ErrorCode.PLAN_INVALID, "rocky plan printed plan_id '" + abbreviate(id.get())
                        + "', which is not 64 hex digits; check binary_path points at rocky");
            }
            Path file = planFile(id.get());
            if (!Files.isRegularFile(file)) {
                throw new RockyException(ErrorCode.PLAN_INVALID, "rocky plan printed plan_id " + id.get() + " but did not write "
                        + file + "; the plan cannot be applied or audited; check that " + settings.projectDir()
                        + " is writable and that the rocky binary persists plans (rocky 1.71 or newer)");
            }
        }
        return out;
    }

    @Override
    public RockyOutput<RunResult> apply(String planId, RunOptions options, LogSink sink) {
        if (!PLAN_ID.matcher(planId).matches()) {
            throw new IllegalArgumentException("plan id '" + abbreviate(planId) + "' is not 64 hex digits");
        }
        return apply(planId, List.of("apply", planId), options, sink);
    }

    @Override
    public RockyOutput<RunResult> apply(String planId, String expectSpecDigest, RunOptions options, LogSink sink) {
        if (!PLAN_ID.matcher(planId).matches()) {
            throw new IllegalArgumentException("plan id '" + abbreviate(planId) + "' is not 64 hex digits");
        }
        return apply(planId, List.of("apply", planId, "--expect-spec-digest", value("spec digest", expectSpecDigest)), options, sink);
    }

    /** The run document bare (rocky 1.71.0) or inside the apply envelope; both are a run result. */
    private RockyOutput<RunResult> apply(String planId, List<String> args, RunOptions options, LogSink sink) {
        return runJson(runCall("apply", "run", args, options, sink), RunDocument::typeOf,
                d -> d instanceof RunOutput r ? r.command() : "run", RunDocument::toDomain, true);
    }

    @Override
    public RockyOutput<ColumnTrace> columnLineage(String model, String column, String modelsDir, boolean downstream) {
        List<String> args = new ArrayList<>(withModels(List.of("lineage", value("model name", model)), modelsDir));
        args.addAll(List.of("--column", value("column name", column)));
        if (downstream) {
            args.add("--downstream");
        }
        return runJson("lineage", args, ReportOutputs.ColumnLineageOutput.class, ReportOutputs.ColumnLineageOutput::command,
                ReportOutputs.ColumnLineageOutput::toDomain, false);
    }

    /** {@code rocky run --dag}: its document is printed whatever the nodes did; a failed node is in it. */
    @Override
    public RockyOutput<DagRun> runDag(Optional<String> modelsDir, LogSink sink) {
        List<String> args = new ArrayList<>(List.of("run", "--dag"));
        modelsDir.ifPresent(d -> args.addAll(List.of("--models", value("models directory", d))));
        return runJson(runCall("run", "run", args, RunOptions.builder().build(), sink), ReportOutputs.DagRunOutput.class,
                ReportOutputs.DagRunOutput::command, ReportOutputs.DagRunOutput::toDomain, true);
    }

    @Override
    public RockyOutput<ModelHistory> modelHistory(String model) {
        return runJson("history", List.of("history", "--model", value("model name", model)), ReportOutputs.ModelHistoryOutput.class,
                ReportOutputs.ModelHistoryOutput::command, ReportOutputs.ModelHistoryOutput::toDomain, false);
    }

    @Override
    public RockyOutput<DiscoverResult> discover(Optional<String> pipeline, String fivetranStateFile) {
        List<String> args = new ArrayList<>(List.of("discover"));
        pipeline.ifPresent(p -> args.addAll(List.of("--pipeline", value("pipeline", p))));
        args.addAll(List.of("--emit-fivetran-state-to", value("Fivetran state file", fivetranStateFile)));
        return runJson("discover", args, DiscoverOutput.class, DiscoverOutput::command, DiscoverOutput::toDomain, false);
    }

    @Override
    public RockyOutput<CompileResult> compile(String modelsDir, Optional<String> contractsDir, String model) {
        List<String> args = new ArrayList<>(withModels(List.of("compile"), modelsDir));
        contractsDir.ifPresent(dir -> args.addAll(List.of("--contracts", value("contracts directory", dir))));
        args.addAll(List.of("--model", value("model name", model)));
        return runJson("compile", args, CompileOutput.class, CompileOutput::command, CompileOutput::toDomain, true);
    }

    /**
     * A schema-less command: stdout kept as printed. A JSON command must print one JSON object
     * (checked for syntax only); {@code product verify}'s non-pass exits with a report are results.
     */
    @Override
    public RockyOutput<RawReport> raw(RawCommand command) {
        ensureVersionChecked();
        String name = command.argv().get(0);
        long cap = stdoutCap(settings.stdoutCapBytes(), Runtime.getRuntime().maxMemory());
        CommandRequest request = new CommandRequest(name, argv(command.argv()), settings.projectDir(), ENVIRONMENT, settings.timeout(),
                cap);
        CommandResult result = runner.run(request, line -> log.rockyStderr(name, secrets.redact(line)));
        List<String> tail = result.stderrTail().stream().map(secrets::redact).toList();
        if (result.timedOut()) {
            throw new RockyTimeoutException(name, settings.timeout(), "rocky " + String.join(" ", command.argv()) + " did not finish "
                    + "within " + settings.timeout().toSeconds() + " s and was killed with its children" + lastLine(tail));
        }
        if (result.stdoutOverCap()) {
            throw new RockyOutputException(ErrorCode.OUTPUT_TOO_LARGE, name, null, "rocky " + name + " printed more than " + cap
                    + " bytes on stdout and was killed", null);
        }
        byte[] stdout = redact(result.stdout(), secrets);
        boolean report = command.json() && startsWithBrace(stdout);
        if (result.exitCode() != 0 && !(command.partialReport() && report)) {
            throw new RockyCommandException(name, result.exitCode(), tail, "rocky " + String.join(" ", command.argv())
                    + " failed with exit code " + result.exitCode() + lastLine(tail));
        }
        if (command.json()) {
            RockyJson.Scan scan = RockyJson.scan(stdout);
            if (!report || scan.syntaxError() != null) {
                throw new RockyOutputException(ErrorCode.OUTPUT_NOT_JSON, name, null, "rocky " + String.join(" ", command.argv())
                        + " did not print one JSON object" + (scan.syntaxError() != null ? " (" + RockyJson.shortMessage(scan.syntaxError())
                                + ")" : "") + lastLine(tail), null);
            }
        }
        return new RockyOutput<>(new RawReport(command.argv(), stdout, result.exitCode()), stdout, result.exitCode());
    }

    /**
     * @param planId a 64-hex-digit plan id
     * @return where rocky persists that plan: {@code <project>/.rocky/plans/<plan_id>.json}
     */
    public Path planFile(String planId) {
        return settings.projectDir().resolve(".rocky").resolve("plans").resolve(planId + ".json");
    }

    private Call runCall(String command, String prints, List<String> args, RunOptions options, LogSink sink) {
        Secrets masked = secrets.and(options.secrets());
        return new Call(command, prints, args, options.timeout().orElse(settings.timeout()),
                line -> sink.rockyStderr(command, masked.redact(line)), masked);
    }

    /**
     * Checks a governance override before anything is spawned, as the engine would after: a JSON
     * object whose {@code workspace_ids}, when present, is an array, and not an empty one unless
     * {@code allow_empty_workspace_ids} is {@code true} (an empty list would revoke every workspace
     * binding on the target catalog). The value is a secret and never appears in the message.
     */
    private static void validateGovernanceOverride(RunOptions options) {
        if (options.governanceOverride().isEmpty()) {
            return;
        }
        JsonNode root;
        try {
            root = RockyJson.mapper().readTree(options.governanceOverride().get());
        } catch (JacksonException e) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, "the governance override is not JSON ("
                    + RockyJson.shortMessage(e) + "); pass a JSON object such as {\"workspace_ids\": [...]}");
        }
        if (root == null || !root.isObject()) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, "the governance override must be a JSON object, got "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        JsonNode ids = root.get("workspace_ids");
        if (ids == null) {
            return;
        }
        if (!ids.isArray()) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, "the governance override's workspace_ids must be a list, got "
                    + ids.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        if (ids.isEmpty() && !root.path("allow_empty_workspace_ids").asBoolean(false)) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, "the governance override's workspace_ids is empty, which would "
                    + "revoke every workspace binding on the target catalog; set allow_empty_workspace_ids: true if that is "
                    + "intended, or leave workspace_ids out to skip binding reconciliation");
        }
    }

    /** The subcommand's arguments followed by {@code --models <dir>}, the directory checked as {@link #value} does. */
    private static List<String> withModels(List<String> head, String modelsDir) {
        List<String> args = new ArrayList<>(head.size() + 2);
        args.addAll(head);
        args.add("--models");
        args.add(value("models directory", modelsDir));
        return args;
    }

    /**
     * A value passed to rocky as one argument, checked by the {@link CliArgument} rule before
     * anything is spawned: model names come from project files, which may be hostile.
     */
    private static String value(String what, String v) {
        Optional<String> problem = CliArgument.problem(v);
        if (problem.isPresent()) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, what + " '" + CliArgument.printable(v) + "' " + problem.get()
                    + "; rocky-java does not pass it to rocky; rename it");
        }
        return v;
    }

    /**
     * One process call: what to run, what it prints, its budget, where stderr goes, what to mask,
     * and the Dagster Pipes session it runs under, if any (with the plan it applies).
     */
    private record Call(String command, String prints, List<String> subcommand, Duration timeout, Consumer<String> stderr,
            Secrets secrets, Optional<PipesSession> pipes, Optional<String> planId) {

        Call(String command, String prints, List<String> subcommand, Duration timeout, Consumer<String> stderr, Secrets secrets) {
            this(command, prints, subcommand, timeout, stderr, secrets, Optional.empty(), Optional.empty());
        }

        Call over(PipesSession session, Optional<String> plan) {
            return new Call(command, prints, subcommand, timeout, stderr, secrets, Optional.of(session), plan);
        }
    }

    private <D, T> RockyOutput<T> runJson(Call call, Class<D> dtoType, Function<D, String> commandOf,
            BiFunction<D, Integer, T> toDomain, boolean jsonOnFailure) {
        return runJson(call, stdout -> dtoType, commandOf, toDomain, jsonOnFailure);
    }

    /**
     * @param dtoTypeOf the DTO type to read stdout as, chosen from stdout (a command that prints
     *     one of two documents)
     */
    private <D, T> RockyOutput<T> runJson(Call call, Function<byte[], Class<? extends D>> dtoTypeOf, Function<D, String> commandOf,
            BiFunction<D, Integer, T> toDomain, boolean jsonOnFailure) {
        ensureVersionChecked();
        String command = call.command();
        long cap = stdoutCap(settings.stdoutCapBytes(), Runtime.getRuntime().maxMemory());
        CommandRequest request = new CommandRequest(command, argv(call.subcommand()), settings.projectDir(), ENVIRONMENT,
                call.timeout(), cap);
        CommandResult result = call.pipes().isPresent() ? PipesCall.run(runner, request, call.stderr(), call.pipes().get(),
                call.planId()) : runner.run(request, call.stderr());
        List<String> tail = result.stderrTail().stream().map(call.secrets()::redact).toList();
        if (result.timedOut()) {
            throw new RockyTimeoutException(command, call.timeout(), "rocky " + command + " did not finish within "
                    + call.timeout().toSeconds() + " s and was killed with its children; raise timeout_seconds in "
                    + "defs.yaml or find why rocky hangs" + lastLine(tail));
        }
        if (result.stdoutOverCap()) {
            boolean heapBound = cap < settings.stdoutCapBytes();
            throw new RockyOutputException(ErrorCode.OUTPUT_TOO_LARGE, command, null, "rocky " + command
                    + " printed more than " + cap + " bytes on stdout, or more than this JVM's heap could hold, and was killed; "
                    + (heapBound ? "the cap is an eighth of the heap (" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                            + " MiB), below max_stdout_mib, so give the JVM more heap (-Xmx)"
                            : "if the project really prints that much, raise max_stdout_mib in defs.yaml "
                                    + "(RockyCliSettings.stdoutCapBytes) and the JVM's heap"), null);
        }
        byte[] stdout = result.stdout();
        if (result.exitCode() != 0 && !(jsonOnFailure && startsWithBrace(stdout))) {
            throw new RockyCommandException(command, result.exitCode(), tail, "rocky " + command
                    + " failed with exit code " + result.exitCode() + lastLine(tail)
                    + "; run `" + String.join(" ", RunOptions.mask(request.argv())) + "` in " + settings.projectDir() + " to see why");
        }
        if (isBlank(stdout)) {
            throw new RockyOutputException(ErrorCode.OUTPUT_NOT_JSON, command, null, "rocky " + command
                    + " exited " + result.exitCode() + " but printed nothing on stdout; expected one JSON document"
                    + lastLine(tail), null);
        }
        return decode(call, redact(stdout, call.secrets()), result.exitCode(), tail, dtoTypeOf, commandOf, toDomain);
    }

    /** Reads one document, from a process's stdout or a {@code rocky serve} response body, into its domain value. */
    private <D, T> RockyOutput<T> decode(Call call, byte[] stdout, int exitCode, List<String> tail,
            Function<byte[], Class<? extends D>> dtoTypeOf, Function<D, String> commandOf, BiFunction<D, Integer, T> toDomain) {
        String command = call.command();
        D dto = parse(call.prints(), stdout, dtoTypeOf.apply(stdout));
        if (dto == null) {
            throw new RockyOutputException(ErrorCode.SCHEMA_MISMATCH, command, "$", "rocky " + command
                    + " printed the JSON literal null on stdout; expected one JSON object" + lastLine(tail), null);
        }
        String printed = commandOf.apply(dto);
        if (!call.prints().equals(printed)) {
            throw wrongCommand(call.prints(), printed);
        }
        T value;
        try {
            value = toDomain.apply(dto, exitCode);
        } catch (IllegalArgumentException e) {
            throw new RockyOutputException(ErrorCode.SCHEMA_MISMATCH, command, null, "rocky " + command
                    + " output does not match its schema: " + e.getMessage() + "; run `rocky --version` and upgrade rocky-java "
                    + "or rocky", e);
        }
        return new RockyOutput<>(value, stdout, exitCode);
    }

    /** GET from {@code rocky serve}, then read the body as the CLI's own document. */
    private <D, T> RockyOutput<T> viaServer(String command, String path, Class<D> dtoType, Function<D, String> commandOf,
            Function<D, T> toDomain) {
        byte[] body = server.get().get(command, path);
        Call call = new Call(command, command, List.of(command), settings.timeout(), line -> { }, secrets);
        return decode(call, redact(body, secrets), 0, List.of(), b -> dtoType, commandOf, (dto, exit) -> toDomain.apply(dto));
    }

    /**
     * A secret rocky echoes in its JSON (an idempotency key in a run result, a DSN password in a
     * failed source's message) is masked before anything reads the output, so it reaches no event,
     * message, exception or state file. Masking replaces a value inside a JSON string with
     * {@code ***} and leaves the document valid.
     */
    private static byte[] redact(byte[] stdout, Secrets secrets) {
        if (secrets.size() == 0) {
            return stdout;
        }
        String text = new String(stdout, StandardCharsets.UTF_8);
        String masked = secrets.redact(text);
        return masked.equals(text) ? stdout : masked.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The most stdout one command may print: {@code max_stdout_mib}, but never more than an eighth of
     * the heap, since the output, its parse, the state document and its check each hold a copy.
     *
     * @param configured {@link RockyCliSettings#stdoutCapBytes()}
     * @param maxHeap the JVM's maximum heap in bytes
     * @return the cap in bytes, at least 1 MiB
     */
    static long stdoutCap(long configured, long maxHeap) {
        return Math.min(configured, Math.max(1024L * 1024, maxHeap / 8));
    }

    private static <D> D parse(String command, byte[] stdout, Class<D> dtoType) {
        try {
            // a plan repeats the project's models after its statements: read without tokenizing a repeat again
            return dtoType == PlanOutput.class ? dtoType.cast(PlanOutput.read(stdout)) : RockyJson.read(stdout, dtoType);
        } catch (JacksonException e) {
            RockyJson.Scan scan = RockyJson.scan(stdout);
            if (scan.syntaxError() != null) {
                JacksonException syntax = scan.syntaxError();
                String path = RockyJson.jsonPath(syntax);
                throw new RockyOutputException(ErrorCode.OUTPUT_NOT_JSON, command, path, "rocky " + command
                        + " printed stdout that is not JSON (" + RockyJson.shortMessage(syntax) + " at " + path
                        + "); check binary_path points at rocky and that nothing else writes to its stdout", e);
            }
            if (scan.command() != null && !scan.command().equals(command)) {
                throw wrongCommand(command, scan.command());
            }
            String path = RockyJson.jsonPath(e);
            throw new RockyOutputException(ErrorCode.SCHEMA_MISMATCH, command, path, "rocky " + command
                    + " output does not match its schema at " + path + " (" + RockyJson.shortMessage(e)
                    + "); rocky-java and the rocky binary disagree: run `rocky --version` and upgrade one of them", e);
        } catch (IOException e) {
            throw new RockyOutputException(ErrorCode.OUTPUT_NOT_JSON, command, null, "cannot read rocky " + command
                    + " output: " + e.getMessage(), e);
        }
    }

    private static RockyOutputException wrongCommand(String expected, String printed) {
        return new RockyOutputException(ErrorCode.SCHEMA_MISMATCH, expected, "$.command", "rocky " + expected
                + " printed a '" + printed + "' document (at $.command); check binary_path points at rocky", null);
    }

    private static boolean startsWithBrace(byte[] bytes) {
        for (byte b : bytes) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{';
        }
        return false;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String lastLine(List<String> tail) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (!tail.get(i).isBlank()) {
                return " (stderr: " + abbreviate(tail.get(i).strip()) + ")";
            }
        }
        return "";
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
