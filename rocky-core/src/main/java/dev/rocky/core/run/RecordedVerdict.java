package dev.rocky.core.run;

import dev.rocky.core.spec.AssetKey;
import java.time.Instant;
import java.util.Objects;

/**
 * The last verdict rocky itself gave on one asset check, kept beside the state so that a later
 * materialization can carry it forward for a table rocky pruned as unchanged since its last copy
 * (the reference reads it from Dagster's event log; rocky-java has none). Placeholders and
 * carried-forward results are never recorded.
 *
 * @param asset the asset the check is on
 * @param checkName the check's name, as declared
 * @param passed whether it passed
 * @param severity its severity
 * @param recordedAt when the materialization that produced it reported it
 */
public record RecordedVerdict(AssetKey asset, String checkName, boolean passed, CheckSeverity severity, Instant recordedAt) {
    /** Rejects {@code null}. */
    public RecordedVerdict {
        Objects.requireNonNull(asset, "asset is null");
        Objects.requireNonNull(checkName, "checkName is null");
        Objects.requireNonNull(severity, "severity is null");
        Objects.requireNonNull(recordedAt, "recordedAt is null");
    }
}
