package dev.rocky.core.governance;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What {@code rocky retention-status --models <dir>} reported (retention_status.schema.json,
 * {@code RetentionStatusOutput}): per model, the retention its sidecar declares and the one the
 * warehouse applies.
 *
 * @param models one row per model; copied
 */
public record RetentionStatusResult(List<ModelRetention> models) {

    /** Copies the list. */
    public RetentionStatusResult {
        models = List.copyOf(models);
    }

    /**
     * One model's retention ({@code ModelRetentionStatus}).
     *
     * @param model the model
     * @param configuredDays the sidecar's {@code retention}, in days, when declared
     * @param warehouseDays what the warehouse applies, in days, when known
     * @param inSync whether the two agree
     */
    public record ModelRetention(String model, OptionalLong configuredDays, OptionalLong warehouseDays, boolean inSync) {
        /** Rejects {@code null}. */
        public ModelRetention {
            Objects.requireNonNull(model, "model is null");
            Objects.requireNonNull(configuredDays, "configuredDays is null");
            Objects.requireNonNull(warehouseDays, "warehouseDays is null");
        }
    }
}
