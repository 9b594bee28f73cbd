package dev.rocky.core.error;

import java.time.Duration;

/**
 * A rocky command ran past its time budget; the process and its children were killed
 * ({@link ErrorCode#TIMEOUT}). Not retryable as such: raise {@code timeout_seconds} or find why
 * the engine hangs.
 */
public final class RockyTimeoutException extends RockyException {

    private static final long serialVersionUID = 1L;

    private final String command;
    private final Duration timeout;

    /**
     * @param command the rocky subcommand, e.g. {@code discover}
     * @param timeout the budget that was exceeded
     * @param message one line: what timed out and what to do
     */
    public RockyTimeoutException(String command, Duration timeout, String message) {
        super(ErrorCode.TIMEOUT, message);
        this.command = command;
        this.timeout = timeout;
    }

    /** @return the rocky subcommand that timed out */
    public String command() {
        return command;
    }

    /** @return the budget that was exceeded */
    public Duration timeout() {
        return timeout;
    }
}
