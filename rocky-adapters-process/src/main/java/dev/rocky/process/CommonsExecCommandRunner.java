package dev.rocky.process;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyCommandException;
import dev.rocky.core.error.RockyBinaryException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs processes with Apache commons-exec: no shell (each argument is passed as it is), stdout
 * and stderr read separately, stderr forwarded line by line as it arrives, the last
 * {@value #STDERR_TAIL_LINES} stderr lines kept, the whole process tree killed at the timeout or
 * when stdout passes its cap. On Linux each command runs in a process group of its own
 * ({@code setsid}), so the kill reaches what rocky started even when it left the tree, and a JVM
 * shutdown (SIGTERM, SIGINT, SIGHUP) kills every running command's group first
 * ({@link #onShutdownKill}).
 *
 * <p>Thread-safe: each call builds its own executor.
 */
public final class CommonsExecCommandRunner implements CommandRunner {

    /** How many trailing stderr lines a result keeps. */
    public static final int STDERR_TAIL_LINES = 20;

    @Override
    public CommandResult run(CommandRequest request, Consumer<String> stderrLines) {
        String program = resolveProgram(request.program(), request.workingDirectory());
        if (ProcessGroups.shuttingDown()) {
            throw new RockyCommandException(request.command(), -1, List.of(), "rocky " + request.command()
                    + " was not started: rocky-component is stopping (it received SIGTERM, SIGINT or SIGHUP)");
        }
        boolean ownGroup = ProcessGroups.SETSID.isPresent();
        CommandLine commandLine = new CommandLine(ownGroup ? ProcessGroups.SETSID.get() : program);
        if (ownGroup) {
            commandLine.addArgument(program, false);
        }
        List<String> argv = request.argv();
        for (int i = 1; i < argv.size(); i++) {
            commandLine.addArgument(argv.get(i), false);
        }

        TreeKillingWatchdog watchdog = new TreeKillingWatchdog(request.timeout().toMillis(), request.command(), ownGroup);
        CappedOutputStream stdout = new CappedOutputStream(request.stdoutCapBytes(), watchdog::killNow);
        StderrLineStream stderr = new StderrLineStream(stderrLines, STDERR_TAIL_LINES);
        PumpStreamHandler streams = new PumpStreamHandler(stdout, stderr);
        // After the process ends (or is killed), a process that escaped its group may still hold the pipes: wait briefly.
        streams.setStopTimeout(Duration.ofMillis(500));
        DefaultExecutor executor = DefaultExecutor.builder()
                .setWorkingDirectory(request.workingDirectory())
                .setExecuteStreamHandler(streams)
                .get();
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);

        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(request.environment());
        long start = System.nanoTime();
        int exitCode;
        try {
            exitCode = executor.execute(commandLine, environment);
        } catch (ExecuteException e) {
            exitCode = e.getExitValue();
        } catch (IOException e) {
            throw new RockyBinaryException(ErrorCode.BINARY_NOT_EXECUTABLE, "cannot start the rocky binary '"
                    + program + "' (" + e.getMessage() + "); check binary_path points at an executable rocky", e);
        } finally {
            watchdog.finished();
        }
        stderr.close();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new CommandResult(exitCode, stdout.toByteArray(), stderr.tail(), elapsed,
                watchdog.timedOut(), stdout.overflowed());
    }

    /**
     * @param listener told, one line per command, what a JVM shutdown killed (e.g. {@code killed
     *     rocky discover (pid 4242) and 3 processes it started because rocky-component was
     *     stopped}); the CLI prints it on stderr
     */
    public static void onShutdownKill(Consumer<String> listener) {
        ProcessGroups.onShutdownKill(listener);
    }

    /** Resolves the program as {@link #run} would, so a missing or non-executable binary fails before anything runs. */
    @Override
    public void checkProgram(String program, Path workingDirectory) {
        resolveProgram(program, workingDirectory);
    }

    /**
     * Finds the program the way {@code execvp} would, so a missing or non-executable binary is
     * reported as such before anything starts.
     *
     * @param program a bare name (looked up on {@code PATH}) or a path (resolved against the working directory)
     * @param workingDirectory the directory a relative path is resolved against
     * @return the program's path
     * @throws RockyBinaryException {@code BINARY_NOT_FOUND} or {@code BINARY_NOT_EXECUTABLE}
     */
    public static String resolveProgram(String program, Path workingDirectory) {
        if (program.indexOf('/') >= 0 || program.indexOf(File.separatorChar) >= 0) {
            Path path = workingDirectory.resolve(program);
            if (!Files.exists(path)) {
                throw new RockyBinaryException(ErrorCode.BINARY_NOT_FOUND, "the rocky binary '" + path
                        + "' does not exist; install rocky or fix binary_path in defs.yaml", null);
            }
            if (Files.isDirectory(path) || !Files.isExecutable(path)) {
                throw new RockyBinaryException(ErrorCode.BINARY_NOT_EXECUTABLE, "the rocky binary '" + path
                        + "' is not executable; run `chmod +x " + path + "` or fix binary_path in defs.yaml", null);
            }
            return path.toString();
        }
        Optional<Path> found = searchPath(program);
        if (found.isEmpty()) {
            throw new RockyBinaryException(ErrorCode.BINARY_NOT_FOUND, "the rocky binary '" + program
                    + "' is not on PATH; install rocky or set binary_path in defs.yaml to its location", null);
        }
        return found.get().toString();
    }

    private static Optional<Path> searchPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        Path firstNonExecutable = null;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
                if (firstNonExecutable == null) {
                    firstNonExecutable = candidate;
                }
            }
        }
        if (firstNonExecutable != null) {
            throw new RockyBinaryException(ErrorCode.BINARY_NOT_EXECUTABLE, "the rocky binary '" + firstNonExecutable
                    + "' found on PATH is not executable; run `chmod +x " + firstNonExecutable + "`", null);
        }
        return Optional.empty();
    }
}
