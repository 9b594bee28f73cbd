package dev.rocky.core.error;

/**
 * The rocky binary could not be started: {@link ErrorCode#BINARY_NOT_FOUND} or
 * {@link ErrorCode#BINARY_NOT_EXECUTABLE}. The message names the path that was tried.
 */
public final class RockyBinaryException extends RockyException {

    private static final long serialVersionUID = 1L;

    /**
     * @param code {@code BINARY_NOT_FOUND} or {@code BINARY_NOT_EXECUTABLE}
     * @param message one line naming the binary path and what to do
     * @param cause the start failure, or {@code null}
     */
    public RockyBinaryException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
