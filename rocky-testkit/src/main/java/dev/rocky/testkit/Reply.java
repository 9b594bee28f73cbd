package dev.rocky.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * What a fake rocky does for one call, in the order it does it: wait {@code startDelay}, write
 * {@code stderr}, write {@code stdout}, then wait {@code hangAfterOutput}; then exit with
 * {@code exitCode}, or die as if killed when {@code killed}.
 *
 * @param stdout the bytes on stdout
 * @param stderr the bytes on stderr
 * @param exitCode the exit code (137 when killed)
 * @param startDelay how long before anything is written
 * @param hangAfterOutput how long it stays alive after writing
 * @param killed whether it dies mid-output
 * @param provenance where the answer comes from: {@code recorded: …}, {@code derived: …}, {@code fault: …}
 * @param stderrLinePause the pause before each stderr line; zero writes stderr at once
 */
public record Reply(byte[] stdout, byte[] stderr, int exitCode, Duration startDelay, Duration hangAfterOutput, boolean killed,
        String provenance, Duration stderrLinePause) {

    /**
     * A reply that writes its stderr at once.
     *
     * @param stdout the bytes on stdout
     * @param stderr the bytes on stderr
     * @param exitCode the exit code
     * @param startDelay how long before anything is written
     * @param hangAfterOutput how long it stays alive after writing
     * @param killed whether it dies mid-output
     * @param provenance where the answer comes from
     */
    public Reply(byte[] stdout, byte[] stderr, int exitCode, Duration startDelay, Duration hangAfterOutput, boolean killed,
            String provenance) {
        this(stdout, stderr, exitCode, startDelay, hangAfterOutput, killed, provenance, Duration.ZERO);
    }

    /** Rejects {@code null} parts. */
    public Reply {
        Objects.requireNonNull(stderrLinePause, "stderrLinePause is null");
        Objects.requireNonNull(stdout, "stdout is null");
        Objects.requireNonNull(stderr, "stderr is null");
        Objects.requireNonNull(startDelay, "startDelay is null");
        Objects.requireNonNull(hangAfterOutput, "hangAfterOutput is null");
        Objects.requireNonNull(provenance, "provenance is null");
    }

    static Reply of(Recording r) {
        return new Reply(r.stdout(), r.stderr(), r.exitCode(), Duration.ZERO, Duration.ZERO, false, r.provenance());
    }
}
