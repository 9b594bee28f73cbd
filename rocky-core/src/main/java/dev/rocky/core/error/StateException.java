package dev.rocky.core.error;

/**
 * The cached state could not be read or written: {@link ErrorCode#STATE_MISSING},
 * {@link ErrorCode#STATE_CORRUPT} or {@link ErrorCode#STATE_IO}. The message names the state's
 * location and says what to do (usually: run {@code rocky-component refresh}).
 */
public final class StateException extends RockyException {

    private static final long serialVersionUID = 1L;

    /**
     * @param code one of the state codes
     * @param message one line naming the state location and what to do
     * @param cause the underlying exception, or {@code null}
     */
    public StateException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
