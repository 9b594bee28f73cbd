package dev.rocky.core.error;

import java.util.List;

/**
 * A rocky command exited non-zero without a JSON result on stdout ({@link ErrorCode#COMMAND_FAILED}),
 * following the CLI's exit-code rule (MANIFEST.md: exit 1 hard error, exit 2 usage error, with
 * empty stdout). Carries the exit code and the last lines of stderr.
 */
public final class RockyCommandException extends RockyException {

    private static final long serialVersionUID = 1L;

    private final String command;
    private final int exitCode;
    private final List<String> stderrTail;

    /**
     * @param command the rocky subcommand, e.g. {@code discover}
     * @param exitCode the process exit code (non-zero)
     * @param stderrTail the last stderr lines, oldest first (at most 20)
     * @param message one line: what failed and what to do
     */
    public RockyCommandException(String command, int exitCode, List<String> stderrTail, String message) {
        super(ErrorCode.COMMAND_FAILED, message);
        this.command = command;
        this.exitCode = exitCode;
        this.stderrTail = List.copyOf(stderrTail);
    }

    /** @return the rocky subcommand that failed, e.g. {@code discover} */
    public String command() {
        return command;
    }

    /** @return the process exit code */
    public int exitCode() {
        return exitCode;
    }

    /** @return the last stderr lines, oldest first */
    public List<String> stderrTail() {
        return stderrTail;
    }
}
