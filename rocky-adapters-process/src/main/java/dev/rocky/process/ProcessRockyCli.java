package dev.rocky.process;

import com.fasterxml.jackson.core.JacksonException;
import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyCommandException;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.RockyOutputException;
import dev.rocky.core.error.RockyTimeoutException;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.OptimizeResult;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.port.RockyOutput;
import dev.rocky.process.json.CompileOutput;
import dev.rocky.process.json.DagOutput;
import dev.rocky.process.json.DiscoverOutput;
import dev.rocky.process.json.OptimizeOutput;
import dev.rocky.process.json.RockyJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

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
 * starts with {@code {} → a result that carries the failure, for the commands that print one
 * (compile with errors); anything else → {@link RockyCommandException} with the exit code and the
 * stderr tail. A timeout is a {@link RockyTimeoutException}; stdout that is not JSON, is over the
 * cap, or has the wrong shape is a {@link RockyOutputException} naming the command and JSON path.
 *
 * <p>Thread-safe.
 */
public final class ProcessRockyCli implements RockyCli {

    /** The environment variable set for every rocky process. */
    public static final Map<String, String> ENVIRONMENT = Map.of("ROCKY_SUPPRESS_DEPRECATION", "1");

    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

    private final RockyCliSettings settings;
    private final CommandRunner runner;
    private final LogSink log;
    private volatile boolean versionChecked;

    /**
     * @param settings how to run the binary
     * @param runner what runs processes
     * @param log receives every stderr line as it arrives, and warnings
     */
    public ProcessRockyCli(RockyCliSettings settings, CommandRunner runner, LogSink log) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.runner = Objects.requireNonNull(runner, "runner is null");
        this.log = Objects.requireNonNull(log, "log is null");
    }

    @Override
    public RockyOutput<DiscoverResult> discover() {
        return runJson("discover", List.of("discover"), DiscoverOutput.class, DiscoverOutput::command,
                DiscoverOutput::toDomain, false);
    }

    @Override
    public RockyOutput<CompileResult> compile(String modelsDir) {
        return runJson("compile", List.of("compile", "--models", modelsDir), CompileOutput.class, CompileOutput::command,
                CompileOutput::toDomain, true);
    }

    @Override
    public RockyOutput<OptimizeResult> optimize(String modelsDir) {
        return runJson("optimize", List.of("optimize", "--models", modelsDir), OptimizeOutput.class,
                OptimizeOutput::command, OptimizeOutput::toDomain, false);
    }

    @Override
    public RockyOutput<DagResult> dag(String modelsDir, boolean columnLineage) {
        List<String> args = new ArrayList<>(List.of("dag", "--models", modelsDir));
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
                settings.projectDir(), ENVIRONMENT, VERSION_TIMEOUT, 64 * 1024), line -> log.rockyStderr("--version", line));
        String out = new String(result.stdout(), StandardCharsets.UTF_8).strip();
        Optional<EngineVersion> version = result.timedOut() || result.exitCode() != 0 ? Optional.empty() : EngineVersion.parse(out);
        if (version.isEmpty()) {
            log.warn("cannot read the rocky version from `" + settings.binary() + " --version` (exit "
                    + result.exitCode() + ", stdout '" + abbreviate(out) + "'); going on without the version check");
        } else if (version.get().compareTo(EngineVersion.FLOOR) < 0) {
            throw new RockyException(ErrorCode.ENGINE_TOO_OLD, "rocky " + version.get() + " at " + settings.binary()
                    + " is older than " + EngineVersion.FLOOR + ", the oldest rocky-java supports; upgrade rocky");
        }
        versionChecked = true;
        return version;
    }

    private <D, T> RockyOutput<T> runJson(String command, List<String> subcommand, Class<D> dtoType,
            Function<D, String> commandOf, Function<D, T> toDomain, boolean jsonOnFailure) {
        if (!versionChecked) {
            synchronized (this) {
                if (!versionChecked) {
                    checkVersion();
                }
            }
        }
        CommandRequest request = new CommandRequest(command, argv(subcommand), settings.projectDir(), ENVIRONMENT,
                settings.timeout(), settings.stdoutCapBytes());
        CommandResult result = runner.run(request, line -> log.rockyStderr(command, line));
        if (result.timedOut()) {
            throw new RockyTimeoutException(command, settings.timeout(), "rocky " + command + " did not finish within "
                    + settings.timeout().toSeconds() + " s and was killed with its children; raise timeout_seconds in "
                    + "defs.yaml or find why rocky hangs" + lastLine(result.stderrTail()));
        }
        if (result.stdoutOverCap()) {
            throw new RockyOutputException(ErrorCode.OUTPUT_TOO_LARGE, command, null, "rocky " + command
                    + " printed more than " + settings.stdoutCapBytes() + " bytes on stdout and was killed; "
                    + "raise the stdout cap if the project is really that large", null);
        }
        byte[] stdout = result.stdout();
        if (result.exitCode() != 0 && !(jsonOnFailure && startsWithBrace(stdout))) {
            throw new RockyCommandException(command, result.exitCode(), result.stderrTail(), "rocky " + command
                    + " failed with exit code " + result.exitCode() + lastLine(result.stderrTail())
                    + "; run `" + String.join(" ", request.argv()) + "` in " + settings.projectDir() + " to see why");
        }
        if (isBlank(stdout)) {
            throw new RockyOutputException(ErrorCode.OUTPUT_NOT_JSON, command, null, "rocky " + command
                    + " exited " + result.exitCode() + " but printed nothing on stdout; expected one JSON document"
                    + lastLine(result.stderrTail()), null);
        }
        D dto = parse(command, stdout, dtoType);
        String printed = commandOf.apply(dto);
        if (!command.equals(printed)) {
            throw wrongCommand(command, printed);
        }
        return new RockyOutput<>(toDomain.apply(dto), stdout, result.exitCode());
    }

    private static <D> D parse(String command, byte[] stdout, Class<D> dtoType) {
        try {
            return RockyJson.mapper().readValue(stdout, dtoType);
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
