package dev.rocky.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A check's result known when the graph is built, before anything runs: a contract check decided
 * by {@code rocky compile}'s diagnostics. A materialization reports it for each selected asset that
 * declares the check.
 *
 * @param checkName the declared check, e.g. {@code contract_required_columns}
 * @param passed whether it passed
 * @param warning whether a failure is a warning (every violation was advisory) rather than an error
 * @param metadata what the result carries, in display order; copied
 */
public record CheckVerdict(String checkName, boolean passed, boolean warning, Map<String, MetadataValue> metadata) {
    /** Rejects {@code null} parts and copies the metadata, keeping its order. */
    public CheckVerdict {
        Objects.requireNonNull(checkName, "checkName is null");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata is null")));
    }
}
