package dev.rocky.core.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * {@code rocky cost <run_id|latest>} (schema {@code cost.schema.json}, {@code CostOutput}): a
 * recorded run's cost per model.
 *
 * @param version engine version
 * @param runId the run
 * @param status its status
 * @param trigger what started it
 * @param startedAt RFC 3339
 * @param finishedAt RFC 3339
 * @param durationMs the run's wall time in ms
 * @param totalDurationMs the models' summed duration in ms
 * @param totalCostUsd the cost in USD, when the adapter prices it
 * @param adapterType the warehouse adapter, when recorded
 * @param perModel each model's cost; copied
 */
public record RunCost(String version, String runId, String status, String trigger, String startedAt, String finishedAt,
        long durationMs, long totalDurationMs, OptionalDouble totalCostUsd, Optional<String> adapterType, List<ModelCost> perModel) {

    /** Copies the list; rejects {@code null}. */
    public RunCost {
        Objects.requireNonNull(runId, "runId is null");
        Objects.requireNonNull(totalCostUsd, "totalCostUsd is null");
        Objects.requireNonNull(adapterType, "adapterType is null");
        perModel = List.copyOf(perModel);
    }

    /**
     * {@code PerModelCostHistorical}.
     *
     * @param modelName the model (or table)
     * @param status its status
     * @param durationMs ms
     * @param costUsd USD, when priced
     * @param rowsAffected rows, when known
     * @param bytesScanned bytes scanned, when known
     * @param bytesWritten bytes written, when known
     * @param tenant the tenant, when the schema pattern has one
     */
    public record ModelCost(String modelName, String status, long durationMs, OptionalDouble costUsd, OptionalLong rowsAffected,
            OptionalLong bytesScanned, OptionalLong bytesWritten, Optional<String> tenant) {
    }
}
