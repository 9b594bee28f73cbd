package dev.rocky.core.error;

/**
 * What went wrong, as a stable code. Every {@link RockyException} carries one, so callers (and the
 * CLI's one-line error) can branch without parsing messages.
 */
public enum ErrorCode {
    /** The rocky binary named by {@code binary_path} does not exist or is not on {@code PATH}. */
    BINARY_NOT_FOUND,
    /** The rocky binary exists but cannot be executed (permissions, not a program). */
    BINARY_NOT_EXECUTABLE,
    /** The rocky process ran past its time budget and was killed with its children. */
    TIMEOUT,
    /** The rocky process exited non-zero without a JSON result on stdout. */
    COMMAND_FAILED,
    /** The rocky process printed something on stdout that is not one JSON document. */
    OUTPUT_NOT_JSON,
    /** The rocky process printed more on stdout than the configured capture cap. */
    OUTPUT_TOO_LARGE,
    /** Rocky's JSON does not have the shape its published schema promises (missing field, wrong type). */
    SCHEMA_MISMATCH,
    /** The installed rocky binary is older than the oldest version this framework supports. */
    ENGINE_TOO_OLD,
    /** No state file exists where the state store looks for one. */
    STATE_MISSING,
    /** A state file exists but cannot be read as a state document (truncated, not JSON, wrong shape). */
    STATE_CORRUPT,
    /** The state store could not read or write (permissions, disk full, lock). */
    STATE_IO,
    /** The component's configuration ({@code defs.yaml}) is invalid. */
    CONFIG_INVALID
}
