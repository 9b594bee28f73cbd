package dev.rocky.json;

import dev.rocky.core.governance.RetentionStatusResult;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code rocky retention-status --output json} (schema {@code retention_status.schema.json}, title
 * {@code RetentionStatusOutput}).
 *
 * @param version engine version (required)
 * @param command {@code "retention-status"} (required)
 * @param models {@code ModelRetentionStatus[]} (required)
 */
public record RetentionStatusOutput(
        @Required String version,
        @Required String command,
        @Required List<ModelOutput> models) {

    /**
     * {@code ModelRetentionStatus}.
     *
     * @param model model (required)
     * @param configuredDays days, nullable
     * @param warehouseDays days, nullable
     * @param inSync agreement (required)
     */
    public record ModelOutput(@Required String model, Long configuredDays, Long warehouseDays, @Required Boolean inSync) {
    }

    /** @return the domain value */
    public RetentionStatusResult toDomain() {
        return new RetentionStatusResult(models.stream().map(m -> new RetentionStatusResult.ModelRetention(m.model(),
                m.configuredDays() == null ? OptionalLong.empty() : OptionalLong.of(m.configuredDays()),
                m.warehouseDays() == null ? OptionalLong.empty() : OptionalLong.of(m.warehouseDays()), m.inSync())).toList());
    }
}
