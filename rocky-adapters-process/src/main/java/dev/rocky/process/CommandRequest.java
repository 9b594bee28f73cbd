package dev.rocky.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One process to run: what a {@link CommandRunner} receives.
 *
 * @param command the rocky subcommand it runs, for logs and errors, e.g. {@code discover}
 * @param argv the program and its arguments, passed as they are (no shell, no quoting); copied
 * @param workingDirectory the process's working directory (the rocky project directory)
 * @param environment variables added to the inherited environment; copied
 * @param timeout how long the process may run before it and its children are killed; positive
 * @param stdoutCapBytes the most stdout bytes kept; past that the process is killed and the
 *     result marked as over the cap
 */
public record CommandRequest(
        String command,
        List<String> argv,
        Path workingDirectory,
        Map<String, String> environment,
        Duration timeout,
        long stdoutCapBytes) {

    /** Copies collections and validates the budget and cap. */
    public CommandRequest {
        Objects.requireNonNull(command, "command is null");
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
        Objects.requireNonNull(workingDirectory, "workingDirectory is null");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout is null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (stdoutCapBytes <= 0) {
            throw new IllegalArgumentException("stdoutCapBytes must be positive, got " + stdoutCapBytes);
        }
    }

    /** @return the program, {@code argv[0]} */
    public String program() {
        return argv.get(0);
    }
}
