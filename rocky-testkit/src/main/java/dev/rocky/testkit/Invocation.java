package dev.rocky.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One call of a fake rocky, as its journal records it. Environment values are never recorded, only
 * the names.
 *
 * @param argv the full argv, program first; copied
 * @param workingDirectory the working directory
 * @param environmentKeys the names of the environment variables it was given, sorted; copied
 * @param startedAt when it started
 * @param duration how long it took
 * @param exitCode the exit code it gave
 */
public record Invocation(
        List<String> argv, String workingDirectory, List<String> environmentKeys, Instant startedAt, Duration duration, int exitCode) {

    /** Copies the lists; rejects {@code null} parts. */
    public Invocation {
        argv = List.copyOf(argv);
        Objects.requireNonNull(workingDirectory, "workingDirectory is null");
        environmentKeys = List.copyOf(environmentKeys);
        Objects.requireNonNull(startedAt, "startedAt is null");
        Objects.requireNonNull(duration, "duration is null");
    }

    /** @return the subcommand arguments, without the program and rocky's global options */
    public List<String> subcommandArgs() {
        return Cassette.subcommandArgs(argv);
    }

    /** @return the subcommand, e.g. {@code discover}, or {@code --version} for a version query */
    public String subcommand() {
        List<String> args = subcommandArgs();
        return args.isEmpty() ? "" : args.get(0);
    }
}
