package dev.rocky.core.error;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A materialization in which some selected assets failed: every failure of every rocky run it made,
 * aggregated into one exception (code {@link ErrorCode#RUN_FAILED}, or
 * {@link ErrorCode#QUOTA_EXCEEDED} when a quota tripped). The message names each failed asset with
 * its {@code failure_kind}. A quota failure is {@linkplain #retryable() retryable} after
 * {@link #retryAfterSeconds()}: the engine's {@code cooldown_seconds}, or 300 s when it gives none.
 */
public final class RockyRunException extends RockyException {

    private static final long serialVersionUID = 1L;

    private final List<String> failures;
    private final long retryAfterSeconds;
    private final boolean retryable;

    /**
     * @param code {@link ErrorCode#RUN_FAILED} or {@link ErrorCode#QUOTA_EXCEEDED}
     * @param message one line naming what failed and what to do
     * @param failures one line per failed asset; copied
     * @param retryAfterSeconds seconds to wait before a retry; negative when not retryable
     */
    public RockyRunException(ErrorCode code, String message, List<String> failures, long retryAfterSeconds) {
        this(code, message, failures, retryAfterSeconds, retryAfterSeconds >= 0);
    }

    /**
     * @param code {@code RUN_FAILED}, {@code QUOTA_EXCEEDED} or {@code TIMEOUT}
     * @param message every failed asset and why, and what to do
     * @param failures one line per failed asset
     * @param retryAfterSeconds how long to wait before a retry, or a negative number for no hint
     * @param retryable whether a retry may succeed (the reference's {@code allow_retries})
     */
    public RockyRunException(ErrorCode code, String message, List<String> failures, long retryAfterSeconds, boolean retryable) {
        super(code, message);
        this.failures = List.copyOf(Objects.requireNonNull(failures, "failures is null"));
        this.retryAfterSeconds = retryAfterSeconds;
        this.retryable = retryable;
    }

    /** @return one line per failed asset: {@code <asset> failed (<failure_kind>): <message>} */
    public List<String> failures() {
        return failures;
    }

    /** @return seconds to wait before a retry, for a quota failure */
    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds < 0 ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
    }

    @Override
    public boolean retryable() {
        return retryable;
    }
}
