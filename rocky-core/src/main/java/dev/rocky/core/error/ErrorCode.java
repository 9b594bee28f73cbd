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
    /** The state store could not read or write (permissions, disk full, backend unreachable). */
    STATE_IO,
    /**
     * A remote state backend refused the credentials (a wrong Valkey password, an S3 key without
     * access). Unlike an outage it is never answered from a local cache: it will not pass by itself.
     */
    STATE_ACCESS_DENIED,
    /** Another refresh holds the state's refresh lock and did not release it in time. */
    STATE_LOCKED,
    /**
     * A versioned state store could not move its "latest" pointer: other writers moved it first on
     * every attempt. The version written is kept; retry the write.
     */
    STATE_CONFLICT,
    /** The state was written from inputs that have changed since ({@code fail_on_stale_state}). */
    STATE_STALE,
    /**
     * The state cannot give the graph asked for: {@code dag_mode} with a DAG slot that failed or was
     * never written, or {@code strict_build} with an empty or degraded state.
     */
    STATE_UNUSABLE,
    /** The component's configuration ({@code defs.yaml}, a contract file) is invalid. */
    CONFIG_INVALID,
    /**
     * defs.yaml sets an attribute this build parses but does not act on yet (for example
     * {@code tenant} or {@code enable_sensor: true}); it is refused rather than silently ignored.
     */
    CONFIG_UNSUPPORTED,
    /** Two graph nodes map to one asset key, or another rule of the asset graph is broken. */
    GRAPH_INVALID,
    /**
     * No translator could be chosen: a name or class that is not found, two factories with one
     * name, a plugin jar that cannot be loaded, or a factory that failed to create its translator.
     */
    TRANSLATOR_LOAD,
    /** A translator returned an invalid asset key, group or tag, returned nothing, or threw. */
    TRANSLATOR_OUTPUT,
    /**
     * A materialization ran but some selected assets did not materialize: the run's {@code errors}
     * (status {@code PartialFailure} or {@code Failure}), aggregated into one failure.
     */
    RUN_FAILED,
    /**
     * A run failed because a warehouse or API quota tripped ({@code failure_kind} {@code quota-exceeded});
     * retryable after the engine's cooldown.
     */
    QUOTA_EXCEEDED,
    /**
     * A rocky plan could not be applied: no {@code plan_id} (an engine older than plan persistence), or
     * the plan file {@code .rocky/plans/<plan_id>.json} was not written.
     */
    PLAN_INVALID,
    /**
     * {@code strict_doctor}: {@code rocky doctor} reported a critical (or unknown) check the gate
     * covers, so the materialization did not start.
     */
    DOCTOR_CRITICAL,
    /**
     * {@code server_url}: {@code rocky serve} could not be reached, or answered with an error
     * (its {@code ErrorEnvelope} code, message and hint are in the message).
     */
    SERVER_ERROR,
    /**
     * Dagster Pipes: {@code DAGSTER_PIPES_CONTEXT} or {@code DAGSTER_PIPES_MESSAGES} could not be
     * decoded (base64, zlib, JSON), names a channel rocky-java cannot use, or the message channel
     * failed; nothing ran.
     */
    PIPES_PROTOCOL
}
