package dev.rocky.core.service;

import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.ModelLineage;
import dev.rocky.core.model.OptimizeResult;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.InputFingerprint;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.PostStateWriteHook;
import dev.rocky.core.port.RefreshLock;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.state.RockyOutput;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.state.DagStatus;
import dev.rocky.core.state.Fingerprint;
import dev.rocky.core.state.StateDraft;
import dev.rocky.core.state.StateSlots;
import dev.rocky.core.state.WrittenState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The refresh use case (the Python reference's {@code write_state_to_path}): call rocky once and
 * cache what it says, so every later load is call-free.
 *
 * <ol>
 *   <li>Take the refresh lock, so two refreshes of one state never interleave (the second waits
 *       up to {@link Options#lockWait()}, then fails with {@code STATE_LOCKED}).</li>
 *   <li>Preflight ({@link RockyCli#preflight()}, plus a readable models directory): a binary that
 *       is missing or not executable, a config file that is missing or not a regular file, an
 *       unreadable models directory fail the refresh here, before any command, writing nothing.</li>
 *   <li>Fingerprint the inputs ({@code rocky.toml}, models, contracts, attributes, binary) before
 *       calling anything, so a file changed during the refresh makes the state stale.</li>
 *   <li>{@code rocky discover} ({@code --pipeline <p>} with {@link Options#discoverPipeline()}). When it fails: under {@code strict_build} the refresh fails and
 *       writes nothing; otherwise a warning is logged and the previous state's {@code discover}
 *       slot is carried forward, or, with no usable previous state, an empty discover envelope
 *       ({@code {"version":"0.0.0","command":"discover","sources":[]}}) is written. Either way the
 *       failure is recorded in {@code slot_errors.discover}. A discover that succeeds but lists
 *       {@code failed_sources} is written as it is, with a warning naming each failed source, its
 *       error class and retry hint.</li>
 *   <li>{@code rocky compile} and {@code rocky optimize} ({@code --models <models_dir>}), only when
 *       the models directory exists (optimize only with {@code surface_optimize_metadata}).
 *       Best-effort: a failure logs a warning, is recorded in {@code slot_errors}, and the slot is
 *       carried forward from the previous state when it had one, else left out.</li>
 *   <li>{@code rocky dag --models <models_dir> --column-lineage} when {@code dag_mode}:
 *       {@code dag_status} becomes {@code success}, or {@code failed} with {@code dag_error.message}
 *       (a failed DAG is never carried forward: a load in DAG mode then refuses with that reason);
 *       {@code disabled} without {@code dag_mode}.</li>
 *   <li>When every command that ran failed, nothing useful was done: the refresh fails with the
 *       first failure's code, naming each command's error, and the previous state is left as it
 *       was.</li>
 *   <li>The document is encoded and decoded again by the codec's load path; a document the load
 *       would refuse fails the refresh ({@code STATE_CORRUPT}) and nothing is written.</li>
 *   <li>The document is written atomically by the store, then the post-write hook is called; a
 *       hook exception is a warning ({@link StatePublication}).</li>
 * </ol>
 * Only a failure a later refresh may not have (a non-zero exit, a timeout, output that is not
 * JSON, one model refused) is carried forward. The binary gone or not executable, an engine too
 * old, and a schema mismatch fail the refresh and write nothing: this build and
 * the engine disagree, and guessing would hide it. {@code strict_build} makes every failure do so.
 * Each command is announced through {@link LogSink#progress} and its duration logged at INFO. A
 * report with any warning is {@link RefreshReport.Outcome#PARTIAL}.
 *
 * <p>Thread-safe if its ports are.
 */
public final class RefreshState {

    /** The discover slot written when discover fails and there is nothing to carry forward. */
    public static final String EMPTY_DISCOVER_ENVELOPE = "{\"version\":\"0.0.0\",\"command\":\"discover\",\"sources\":[]}";

    /**
     * How a refresh runs.
     *
     * @param projectDir the project directory (holds {@code rocky.toml}); rocky runs there
     * @param modelsDir the models directory relative to the project, as rocky's {@code --models} takes it
     * @param surfaceOptimizeMetadata whether to run {@code rocky optimize} (the reference's
     *     {@code surface_optimize_metadata}, default true)
     * @param dagMode whether to run {@code rocky dag} ({@code dag_mode}, default false)
     * @param strictBuild whether a failed discover or dag fails the refresh instead ({@code strict_build})
     * @param lockWait how long to wait for another refresh's lock
     * @param contractsDir {@code contracts_dir} relative to the project, passed to {@code rocky compile}
     *     and {@code rocky dag} as {@code --contracts} (as the reference does), when set
     * @param discoverPipeline the replication pipeline to pass to {@code rocky discover --pipeline},
     *     when the project has several pipelines but one replication pipeline (the engine refuses a
     *     bare discover then; the reference calls it anyway and gets an empty graph)
     */
    public record Options(Path projectDir, String modelsDir, boolean surfaceOptimizeMetadata, boolean dagMode,
            boolean strictBuild, Duration lockWait, Optional<String> contractsDir, Optional<String> discoverPipeline) {
        /** Rejects {@code null} parts. */
        public Options {
            Objects.requireNonNull(projectDir, "projectDir is null");
            Objects.requireNonNull(modelsDir, "modelsDir is null");
            Objects.requireNonNull(lockWait, "lockWait is null");
            Objects.requireNonNull(contractsDir, "contractsDir is null");
            Objects.requireNonNull(discoverPipeline, "discoverPipeline is null");
        }

        /**
         * Options that let rocky discover resolve its pipeline.
         *
         * @param projectDir the project directory
         * @param modelsDir the models directory relative to it
         * @param surfaceOptimizeMetadata whether to run {@code rocky optimize}
         * @param dagMode whether to run {@code rocky dag}
         * @param strictBuild whether a failed discover or dag fails the refresh
         * @param lockWait how long to wait for another refresh's lock
         * @param contractsDir {@code contracts_dir}, when set
         */
        public Options(Path projectDir, String modelsDir, boolean surfaceOptimizeMetadata, boolean dagMode, boolean strictBuild,
                Duration lockWait, Optional<String> contractsDir) {
            this(projectDir, modelsDir, surfaceOptimizeMetadata, dagMode, strictBuild, lockWait, contractsDir, Optional.empty());
        }

        /**
         * Options without a contracts directory.
         *
         * @param projectDir the project directory
         * @param modelsDir the models directory relative to it
         * @param surfaceOptimizeMetadata whether to run {@code rocky optimize}
         * @param dagMode whether to run {@code rocky dag}
         * @param strictBuild whether a failed discover or dag fails the refresh
         * @param lockWait how long to wait for another refresh's lock
         */
        public Options(Path projectDir, String modelsDir, boolean surfaceOptimizeMetadata, boolean dagMode, boolean strictBuild,
                Duration lockWait) {
            this(projectDir, modelsDir, surfaceOptimizeMetadata, dagMode, strictBuild, lockWait, Optional.empty());
        }

        /**
         * @param projectDir the project directory
         * @param modelsDir the models directory relative to it
         * @return the reference's defaults: optimize on, DAG off, not strict, wait 10 minutes for the lock
         */
        public static Options defaults(Path projectDir, String modelsDir) {
            return new Options(projectDir, modelsDir, true, false, false, Duration.ofMinutes(10));
        }
    }

    private final ColumnLineageCollector lineageCollector;
    private final RockyCli cli;
    private final DefsStateStore store;
    private final StateCodec codec;
    private final LogSink log;
    private final Options options;
    private final InputFingerprint fingerprint;
    private final RefreshLock lock;
    private final PostStateWriteHook hook;
    private final Clock clock;

    /**
     * @param cli the engine
     * @param store where the state goes
     * @param codec how the state is encoded
     * @param log where warnings go
     * @param options how the refresh runs
     * @param fingerprint fingerprints the inputs
     * @param lock serialises refreshes
     * @param hook called after each successful write
     * @param clock gives {@code written_at}
     */
    public RefreshState(RockyCli cli, DefsStateStore store, StateCodec codec, LogSink log, Options options,
            InputFingerprint fingerprint, RefreshLock lock, PostStateWriteHook hook, Clock clock) {
        this(cli, store, codec, log, options, fingerprint, lock, hook, clock, null);
    }

    /**
     * A refresh that also captures column lineage into the state's {@code lineage} slot
     * ({@code column_lineage_at: refresh}).
     *
     * @param cli the rocky engine
     * @param store where the state is written
     * @param codec how it is encoded
     * @param log where warnings go
     * @param options what to refresh
     * @param fingerprint fingerprints the inputs
     * @param lock serialises refreshes
     * @param hook called after each successful write
     * @param clock the refresh's start time
     * @param lineageCollector collects {@code rocky lineage} per model; {@code null} to capture none
     */
    public RefreshState(RockyCli cli, DefsStateStore store, StateCodec codec, LogSink log, Options options,
            InputFingerprint fingerprint, RefreshLock lock, PostStateWriteHook hook, Clock clock,
            ColumnLineageCollector lineageCollector) {
        this.lineageCollector = lineageCollector;
        this.cli = Objects.requireNonNull(cli, "cli is null");
        this.store = Objects.requireNonNull(store, "store is null");
        this.codec = Objects.requireNonNull(codec, "codec is null");
        this.log = Objects.requireNonNull(log, "log is null");
        this.options = Objects.requireNonNull(options, "options is null");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint is null");
        this.lock = Objects.requireNonNull(lock, "lock is null");
        this.hook = Objects.requireNonNull(hook, "hook is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * Runs the refresh.
     *
     * @return what was written
     * @throws RockyException when the lock is held too long ({@code STATE_LOCKED}), when a command
     *     prints output of the wrong shape ({@code SCHEMA_MISMATCH}), when a command fails under
     *     {@code strict_build}, or when the state cannot be written; the previous state is then untouched
     */
    public RefreshReport refresh() {
        try (RefreshLock.Lease lease = lock.acquire(options.lockWait())) {
            return refreshLocked();
        }
    }

    private RefreshReport refreshLocked() {
        // 1. Preflight: a configuration mistake fails here, before any command, and writes nothing.
        preflight();
        // 2. Inputs: fingerprint them before calling anything, so a file changed during the refresh makes the state stale.
        java.time.Instant startedAt = clock.instant();
        Fingerprint inputs = fingerprint.compute();
        RefreshAttempts attempts = new RefreshAttempts(log, store, codec, options.strictBuild());

        // 3. discover: the graph's backbone.
        RockyOutput<DiscoverResult> discover = attempts.discoverOrKept(() -> cli.discover(options.discoverPipeline()));

        // 4. compile and optimize, when there are models.
        Optional<RockyOutput<CompileResult>> compile = Optional.empty();
        Optional<RockyOutput<OptimizeResult>> optimize = Optional.empty();
        Path models = options.projectDir().resolve(options.modelsDir());
        if (Files.isDirectory(models)) {
            compile = attempts.bestEffort("compile", () -> cli.compile(options.modelsDir(), options.contractsDir()), StateSlots::compile);
            if (options.surfaceOptimizeMetadata()) {
                optimize = attempts.bestEffort("optimize", () -> cli.optimize(options.modelsDir()), StateSlots::optimize);
            }
        } else {
            log.info("models directory " + models + " does not exist: compile and optimize skipped");
        }

        // 5. dag, in DAG mode: a failed DAG is recorded, never carried forward.
        Optional<RockyOutput<DagResult>> dag = Optional.empty();
        DagStatus dagStatus = DagStatus.DISABLED;
        Optional<String> dagError = Optional.empty();
        if (options.dagMode()) {
            try {
                dag = Optional.of(attempts.timed("dag", () -> cli.dag(options.modelsDir(), true, options.contractsDir())));
                dagStatus = DagStatus.SUCCESS;
            } catch (RockyException e) {
                attempts.rethrowUnlessTransient(e, true);
                attempts.failed("dag", e);
                dagStatus = DagStatus.FAILED;
                dagError = Optional.of(e.getMessage());
                attempts.warn("rocky dag failed, so dag_status is 'failed' and a load in dag_mode will refuse with this "
                        + "reason until a refresh succeeds: " + e.getMessage());
            }
        }

        // 6. column lineage, when captured at refresh: best-effort, as compile.
        Optional<RockyOutput<List<ModelLineage>>> lineage = Optional.empty();
        if (lineageCollector != null && Files.isDirectory(models)) {
            lineage = attempts.bestEffort("lineage", () -> lineageCollector.collect(models, options.modelsDir(), attempts::warn),
                    StateSlots::lineage);
        }

        // 7. Nothing useful done: every command failed. The previous state stays exactly as it was.
        attempts.throwIfNothingSucceeded();

        // 8. Encode and check with the load's own decoder, 9. write atomically, then the post-write hook.
        StateDraft draft = new StateDraft(new StateSlots(discover, compile, optimize, dag, lineage), dagStatus, dagError,
                attempts.slotErrors, attempts.carried, Optional.of(inputs), startedAt);
        StatePublication.Published published = new StatePublication(store, codec, hook, log).publish(draft, attempts);
        WrittenState written = published.written();

        List<String> slots = new ArrayList<>();
        slots.add("discover");
        compile.ifPresent(c -> slots.add("compile"));
        optimize.ifPresent(o -> slots.add("optimize"));
        dag.ifPresent(d -> slots.add("dag"));
        lineage.ifPresent(l -> slots.add("lineage"));
        return new RefreshReport(written.location(), discover.value().sources().size(), discover.value().tableCount(),
                slots, published.bytes(), attempts.warnings, written.version(), dagStatus, attempts.slotErrors.keySet());
    }

    /** Step 1: the models directory, then the engine's own check (binary, config file). */
    private void preflight() {
        Path models = options.projectDir().resolve(options.modelsDir());
        if (Files.isDirectory(models) && !(Files.isReadable(models) && Files.isExecutable(models))) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, "the models directory " + models + " cannot be read "
                    + "(permissions); make it readable or fix models_dir in defs.yaml");
        }
        cli.preflight();
    }
}
