package dev.rocky.core.error;

import java.util.Objects;

/**
 * The root of every exception this framework throws on purpose. Unchecked; carries an
 * {@link ErrorCode}. Messages name what failed, where, and what to do, and fit on one line, so the
 * CLI can print {@link #getMessage()} as it is.
 */
public class RockyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * @param code what went wrong
     * @param message one line: what failed, where, what to do
     */
    public RockyException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /**
     * @param code what went wrong
     * @param message one line: what failed, where, what to do
     * @param cause the underlying exception, or {@code null}
     */
    public RockyException(ErrorCode code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message is null"), cause);
        this.code = Objects.requireNonNull(code, "code is null");
    }

    /** @return the error's stable code */
    public ErrorCode code() {
        return code;
    }

    /**
     * @return whether the same call may succeed if retried later; {@code false} unless a subclass
     *     says so (a timeout is not retryable, a quota failure is)
     */
    public boolean retryable() {
        return false;
    }
}
