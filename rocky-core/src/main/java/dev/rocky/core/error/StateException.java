package dev.rocky.core.error;

/**
 * The cached state could not be read or written: {@link ErrorCode#STATE_MISSING},
 * {@link ErrorCode#STATE_CORRUPT} or {@link ErrorCode#STATE_IO}. The message names the state's
 * location and says what to do (usually: run {@code rocky-component refresh}).
 */
public final class StateException extends RockyException {

    private static final long serialVersionUID = 1L;

    /** The version a versioned store's pointer names but does not hold, when that is the failure. */
    private final String missingVersion;

    /**
     * @param code one of the state codes
     * @param message one line naming the state location and what to do
     * @param cause the underlying exception, or {@code null}
     */
    public StateException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, null);
    }

    private StateException(ErrorCode code, String message, Throwable cause, String missingVersion) {
        super(code, message, cause);
        this.missingVersion = missingVersion;
    }

    /**
     * A versioned store's latest pointer names a version the store does not hold (evicted,
     * flushed, deleted by hand): {@code STATE_CORRUPT}, with the version id, so a cache that holds a
     * copy of that exact version can serve it.
     *
     * @param version the version the pointer names
     * @param message one line naming the store and what to do
     * @return the exception
     */
    public static StateException missingVersion(String version, String message) {
        return new StateException(ErrorCode.STATE_CORRUPT, message, null, java.util.Objects.requireNonNull(version, "version is null"));
    }

    /** @return the version the pointer names but the store lacks, when that is this failure */
    public java.util.Optional<String> missingVersion() {
        return java.util.Optional.ofNullable(missingVersion);
    }
}
