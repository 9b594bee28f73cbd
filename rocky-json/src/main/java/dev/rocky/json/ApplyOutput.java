package dev.rocky.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.run.RunResult;

/**
 * The {@code rocky apply} envelope (schema {@code apply.schema.json}, {@code ApplyOutput}):
 * {@code {version, command: "apply", plan_id, plan_kind, success, result}}, which engines print
 * around the plan kind's own document (rocky 1.71.0 printed the run document bare, as
 * {@link RunOutput}; the SDK's {@code _parse_run_or_apply} reads both). A run plan's {@code result}
 * is a run document; {@code success: false} is never read as a successful run.
 *
 * @param version engine version
 * @param command {@code "apply"}
 * @param planId the plan
 * @param planKind its kind ({@code run}, {@code replication}, {@code backfill}, …)
 * @param success whether the apply succeeded
 * @param result the plan kind's own document
 */
public record ApplyOutput(@Required String version, @Required String command, @Required String planId, @Required String planKind,
        @Required Boolean success, @Required JsonNode result) implements RunDocument {

    /**
     * @param exitCode the process exit code
     * @return the run the plan made
     * @throws RockyException {@code RUN_FAILED} when the envelope says {@code success: false};
     *     {@code SCHEMA_MISMATCH} when {@code result} is not a run document (a compact, archive,
     *     promote, restore or gc plan: read those with {@code RockyCli.raw})
     */
    @Override
    public RunResult toDomain(int exitCode) {
        if (!success) {
            throw new RockyException(ErrorCode.RUN_FAILED, "rocky apply reported success=false for plan " + planId + " (kind "
                    + planKind + "); its result is not a successful run");
        }
        if (!result.isObject() || !"run".equals(result.path("command").asText())) {
            throw new RockyException(ErrorCode.SCHEMA_MISMATCH, "rocky apply of plan " + planId + " (kind " + planKind
                    + ") printed a '" + result.path("command").asText("?") + "' result, not a run; rocky-java's apply reads run plans");
        }
        try {
            return RockyJson.mapper().treeToValue(result, RunOutput.class).toDomain(exitCode);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("the run inside the apply envelope does not match run.schema.json: "
                    + RockyJson.shortMessage(e), e);
        }
    }
}
