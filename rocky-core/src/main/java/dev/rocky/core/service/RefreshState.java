package dev.rocky.core.service;

import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.OptimizeResult;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.port.RockyOutput;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.state.DagStatus;
import dev.rocky.core.state.StateDraft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The refresh use case (the Python reference's {@code write_state_to_path}): call rocky once and
 * cache what it says, so every later load is call-free.
 *
 * <ol>
 *   <li>{@code rocky discover}: required. Any failure stops the refresh and writes nothing, so the
 *       previous state stays as it was.</li>
 *   <li>{@code rocky compile --models <models_dir>} and {@code rocky optimize --models <models_dir>},
 *       only when the models directory exists (optimize only when optimize metadata is surfaced).
 *       Best-effort: a failure logs a warning and leaves the slot out, except a schema mismatch,
 *       which means this build and the engine disagree about the output's shape and stops the
 *       refresh, writing nothing.</li>
 *   <li>The state document is encoded and written atomically by the store.</li>
 * </ol>
 *
 * <p>Thread-safe if its ports are. Each state write is atomic, but two refreshes of one store at once
 * are not serialised: the last write wins.
 */
public final class RefreshState {

    /**
     * How a refresh runs.
     *
     * @param projectDir the project directory (holds {@code rocky.toml}); rocky runs there
     * @param modelsDir the models directory relative to the project, as rocky's {@code --models} takes it
     * @param surfaceOptimizeMetadata whether to run {@code rocky optimize} (the reference's
     *     {@code surface_optimize_metadata}, default true)
     */
    public record Options(Path projectDir, String modelsDir, boolean surfaceOptimizeMetadata) {
        /** Rejects {@code null} parts. */
        public Options {
            Objects.requireNonNull(projectDir, "projectDir is null");
            Objects.requireNonNull(modelsDir, "modelsDir is null");
        }
    }

    private final RockyCli cli;
    private final DefsStateStore store;
    private final StateCodec codec;
    private final LogSink log;
    private final Options options;

    /**
     * @param cli the engine
     * @param store where the state goes
     * @param codec how the state is encoded
     * @param log where warnings go
     * @param options how the refresh runs
     */
    public RefreshState(RockyCli cli, DefsStateStore store, StateCodec codec, LogSink log, Options options) {
        this.cli = Objects.requireNonNull(cli, "cli is null");
        this.store = Objects.requireNonNull(store, "store is null");
        this.codec = Objects.requireNonNull(codec, "codec is null");
        this.log = Objects.requireNonNull(log, "log is null");
        this.options = Objects.requireNonNull(options, "options is null");
    }

    /**
     * Runs the refresh.
     *
     * @return what was written
     * @throws RockyException when discover fails, when compile or optimize print output of the
     *     wrong shape, or when the state cannot be written; the previous state is then untouched
     */
    public RefreshReport refresh() {
        List<String> warnings = new ArrayList<>();
        List<String> slots = new ArrayList<>();
        RockyOutput<DiscoverResult> discover = cli.discover();
        slots.add("discover");

        Optional<RockyOutput<CompileResult>> compile = Optional.empty();
        Optional<RockyOutput<OptimizeResult>> optimize = Optional.empty();
        Path models = options.projectDir().resolve(options.modelsDir());
        if (Files.isDirectory(models)) {
            compile = bestEffort("compile", () -> cli.compile(options.modelsDir()), warnings);
            compile.ifPresent(c -> slots.add("compile"));
            if (options.surfaceOptimizeMetadata()) {
                optimize = bestEffort("optimize", () -> cli.optimize(options.modelsDir()), warnings);
                optimize.ifPresent(o -> slots.add("optimize"));
            }
        } else {
            log.info("models directory " + models + " does not exist: compile and optimize skipped");
        }

        byte[] document = codec.encode(new StateDraft(discover, compile, optimize, DagStatus.DISABLED, Optional.empty()));
        store.write(document);
        return new RefreshReport(store.location(), discover.value().sources().size(),
                discover.value().tableCount(), slots, document.length, warnings);
    }

    private <T> Optional<RockyOutput<T>> bestEffort(String command, Supplier<RockyOutput<T>> call, List<String> warnings) {
        try {
            return Optional.of(call.get());
        } catch (RockyException e) {
            if (e.code() == ErrorCode.SCHEMA_MISMATCH) {
                throw e;
            }
            String warning = "rocky " + command + " failed, so the state is written without its '" + command
                    + "' slot: " + e.getMessage();
            log.warn(warning);
            warnings.add(warning);
            return Optional.empty();
        }
    }
}
