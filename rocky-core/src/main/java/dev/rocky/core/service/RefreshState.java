package dev.rocky.core.service;

import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.discover.FailedSource;
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
import dev.rocky.core.port.RockyOutput;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.state.DagStatus;
import dev.rocky.core.state.Fingerprint;
import dev.rocky.core.state.StateDraft;
import dev.rocky.core.state.StateSlots;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.WrittenState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The refresh use case (the Python reference's {@code write_state_to_path}): call rocky once and
 * cache what it says, so every later load is call-free.
 *
 * <ol>
 *   <li>Take the refresh lock, so two refreshes of one state never interleave (the second waits
 *       up to {@link Options#lockWait()}, then fails with {@code STATE_LOCKED}).</li>
 *   <li>Fingerprint the inputs ({@code rocky.toml}, models, contracts, attributes, binary) before
 *       calling anything, so a file changed during the refresh makes the state stale.</li>
 *   <li>{@code rocky discover}. When it fails: under {@code strict_build} the refresh fails and
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
 *   <li>The document is encoded and written atomically by the store, then the post-write hook is
 *       called; a hook exception is logged and swallowed.</li>
 * </ol>
 * A schema mismatch in any command fails the refresh and writes nothing: this build and the engine
 * disagree about the output's shape, and guessing would hide it. {@code strict_build} also turns
 * compile, optimize and DAG failures into refresh failures.
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
     * @param strictBuild whether every "warn and go on" fails the refresh instead ({@code strict_build})
     * @param lockWait how long to wait for another refresh's lock
     */
    public record Options(Path projectDir, String modelsDir, boolean surfaceOptimizeMetadata, boolean dagMode,
            boolean strictBuild, Duration lockWait) {
        /** Rejects {@code null} parts. */
        public Options {
            Objects.requireNonNull(projectDir, "projectDir is null");
            Objects.requireNonNull(modelsDir, "modelsDir is null");
            Objects.requireNonNull(lockWait, "lockWait is null");
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
        java.time.Instant startedAt = clock.instant();
        Fingerprint inputs = fingerprint.compute();
        Previous previous = new Previous();
        List<String> warnings = new ArrayList<>();
        Map<String, String> slotErrors = new LinkedHashMap<>();
        Set<String> carried = new HashSet<>();

        RockyOutput<DiscoverResult> discover;
        try {
            discover = cli.discover();
        } catch (RockyException e) {
            if (e.code() == ErrorCode.SCHEMA_MISMATCH || options.strictBuild()) {
                throw e;
            }
            slotErrors.put("discover", e.getMessage());
            Optional<RockyOutput<DiscoverResult>> kept = previous.slots().map(StateSlots::discover);
            if (kept.isPresent()) {
                carried.add("discover");
                discover = kept.get();
                warn(warnings, "rocky discover failed, so the previous state's discover slot ("
                        + kept.get().value().sources().size() + " sources) is kept: " + e.getMessage());
            } else {
                discover = new RockyOutput<>(new DiscoverResult("0.0.0", List.of(), Optional.empty(), List.of()),
                        EMPTY_DISCOVER_ENVELOPE.getBytes(StandardCharsets.UTF_8), 0);
                warn(warnings, "rocky discover failed and there is no earlier state to keep, so an empty discover "
                        + "slot is written (set strict_build: true to fail instead): " + e.getMessage());
            }
        }

        if (!carried.contains("discover") && !discover.value().failedSources().isEmpty()) {
            // A source rocky could not read this time is not a source removed upstream: say so, by name.
            List<String> failed = new ArrayList<>();
            for (FailedSource f : discover.value().failedSources()) {
                failed.add(f.id() + " (" + f.errorClass() + f.cooldownSeconds().stream().mapToObj(c -> ", retry after " + c + " s")
                        .findFirst().orElse("") + ")");
            }
            warn(warnings, "rocky discover could not read " + failed.size() + " source" + (failed.size() == 1 ? "" : "s") + ": "
                    + String.join(", ", failed) + "; their tables are missing from the graph until a refresh reads them");
        }

        Optional<RockyOutput<CompileResult>> compile = Optional.empty();
        Optional<RockyOutput<OptimizeResult>> optimize = Optional.empty();
        Path models = options.projectDir().resolve(options.modelsDir());
        if (Files.isDirectory(models)) {
            compile = bestEffort("compile", () -> cli.compile(options.modelsDir()), StateSlots::compile, previous,
                    warnings, slotErrors, carried);
            if (options.surfaceOptimizeMetadata()) {
                optimize = bestEffort("optimize", () -> cli.optimize(options.modelsDir()), StateSlots::optimize, previous,
                        warnings, slotErrors, carried);
            }
        } else {
            log.info("models directory " + models + " does not exist: compile and optimize skipped");
        }

        Optional<RockyOutput<DagResult>> dag = Optional.empty();
        DagStatus dagStatus = DagStatus.DISABLED;
        Optional<String> dagError = Optional.empty();
        if (options.dagMode()) {
            try {
                dag = Optional.of(cli.dag(options.modelsDir(), true));
                dagStatus = DagStatus.SUCCESS;
            } catch (RockyException e) {
                if (e.code() == ErrorCode.SCHEMA_MISMATCH || options.strictBuild()) {
                    throw e;
                }
                dagStatus = DagStatus.FAILED;
                dagError = Optional.of(e.getMessage());
                warn(warnings, "rocky dag failed, so dag_status is 'failed' and a load in dag_mode will refuse with this "
                        + "reason until a refresh succeeds: " + e.getMessage());
            }
        }

        Optional<RockyOutput<List<ModelLineage>>> lineage = Optional.empty();
        if (lineageCollector != null && Files.isDirectory(models)) {
            try {
                lineage = Optional.of(lineageCollector.collect(models, options.modelsDir()));
            } catch (RockyException e) {
                if (options.strictBuild()) {
                    throw e;
                }
                slotErrors.put("lineage", e.getMessage());
                lineage = previous.slots().flatMap(StateSlots::lineage);
                lineage.ifPresent(l -> carried.add("lineage"));
                warn(warnings, "column lineage could not be collected (" + e.getMessage() + "); "
                        + (lineage.isPresent() ? "the previous state's 'lineage' slot is kept" : "the state has no 'lineage' slot"));
            }
        }

        StateDraft draft = new StateDraft(new StateSlots(discover, compile, optimize, dag, lineage), dagStatus, dagError, slotErrors,
                carried, Optional.of(inputs), startedAt);
        byte[] document = codec.encode(draft);
        WrittenState written = store.write(document);
        callHook(written, warnings);

        List<String> slots = new ArrayList<>();
        slots.add("discover");
        compile.ifPresent(c -> slots.add("compile"));
        optimize.ifPresent(o -> slots.add("optimize"));
        dag.ifPresent(d -> slots.add("dag"));
        lineage.ifPresent(l -> slots.add("lineage"));
        return new RefreshReport(written.location(), discover.value().sources().size(), discover.value().tableCount(),
                slots, document.length, warnings, written.version(), dagStatus, slotErrors.keySet());
    }

    private <T> Optional<RockyOutput<T>> bestEffort(String command, Supplier<RockyOutput<T>> call,
            Function<StateSlots, Optional<RockyOutput<T>>> slotOf, Previous previous, List<String> warnings,
            Map<String, String> slotErrors, Set<String> carried) {
        try {
            return Optional.of(call.get());
        } catch (RockyException e) {
            if (e.code() == ErrorCode.SCHEMA_MISMATCH || options.strictBuild()) {
                throw e;
            }
            slotErrors.put(command, e.getMessage());
            Optional<RockyOutput<T>> kept = previous.slots().flatMap(slotOf);
            if (kept.isPresent()) {
                carried.add(command);
                warn(warnings, "rocky " + command + " failed, so the previous state's '" + command + "' slot is kept: "
                        + e.getMessage());
            } else {
                warn(warnings, "rocky " + command + " failed, so the state is written without its '" + command
                        + "' slot: " + e.getMessage());
            }
            return kept;
        }
    }

    private void callHook(WrittenState written, List<String> warnings) {
        if (written.file().isEmpty()) {
            if (hook != PostStateWriteHook.NONE) {
                log.info("the state store keeps no local file, so the post-state-write hook is not called");
            }
            return;
        }
        try {
            hook.stateWritten(written.file().get());
        } catch (Exception | LinkageError e) {
            warn(warnings, "the post-state-write hook failed; the state at " + written.location() + " is written and "
                    + "kept: " + e);
        }
    }

    private void warn(List<String> warnings, String message) {
        log.warn(message);
        warnings.add(message);
    }

    /** The previous state's slots, read only when a command fails and only once. */
    private final class Previous {
        private Optional<StateSlots> slots;

        Optional<StateSlots> slots() {
            if (slots == null) {
                slots = read();
            }
            return slots;
        }

        private Optional<StateSlots> read() {
            try {
                Optional<StoredState> stored = store.read();
                return stored.isEmpty() ? Optional.empty() : Optional.of(codec.slots(stored.get()));
            } catch (RockyException e) {
                log.warn("the previous state cannot be read, so nothing is carried forward from it: " + e.getMessage());
                return Optional.empty();
            }
        }
    }
}
