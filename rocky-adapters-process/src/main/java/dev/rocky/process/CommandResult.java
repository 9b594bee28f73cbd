package dev.rocky.process;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a process ended: what a {@link CommandRunner} returns. The stdout array is not copied.
 *
 * @param exitCode the exit code; meaningless when {@code timedOut}
 * @param stdout everything the process printed on stdout, up to the cap
 * @param stderrTail the last stderr lines (at most 20), oldest first; copied
 * @param elapsed wall time from start to exit
 * @param timedOut true when the process was killed at its timeout
 * @param stdoutOverCap true when stdout passed the cap and the process was killed
 */
public record CommandResult(
        int exitCode, byte[] stdout, List<String> stderrTail, Duration elapsed, boolean timedOut, boolean stdoutOverCap) {

    /** Copies the tail; rejects {@code null} parts. */
    public CommandResult {
        Objects.requireNonNull(stdout, "stdout is null");
        stderrTail = List.copyOf(stderrTail);
        Objects.requireNonNull(elapsed, "elapsed is null");
    }

    /**
     * A process that exited on its own.
     *
     * @param exitCode its exit code
     * @param stdout what it printed on stdout
     * @param stderrTail its last stderr lines
     * @param elapsed how long it ran
     * @return the result
     */
    public static CommandResult exited(int exitCode, byte[] stdout, List<String> stderrTail, Duration elapsed) {
        return new CommandResult(exitCode, stdout, stderrTail, elapsed, false, false);
    }
}
