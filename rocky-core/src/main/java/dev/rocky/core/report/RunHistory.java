package dev.rocky.core.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code rocky history [--since <date>]} (schema {@code history.schema.json},
 * {@code HistoryOutput}): the runs the state store recorded, newest first as the engine orders them.
 *
 * @param version engine version
 * @param runs the runs; copied
 */
public record RunHistory(String version, List<Run> runs) {

    /** Copies the list; rejects {@code null}. */
    public RunHistory {
        Objects.requireNonNull(version, "version is null");
        runs = List.copyOf(runs);
    }

    /**
     * {@code RunHistoryRecord}.
     *
     * @param runId the run's id ({@code run-YYYYMMDD-HHMMSS-mmm})
     * @param startedAt RFC 3339
     * @param status the run's status as the engine wrote it
     * @param trigger what started it ({@code manual}, {@code ci}, …)
     * @param durationMs wall time in ms
     * @param modelsExecuted models executed
     * @param pipeline the pipeline, when recorded
     * @param models each model's execution; copied
     */
    public record Run(String runId, String startedAt, String status, String trigger, long durationMs, long modelsExecuted,
            Optional<String> pipeline, List<ModelRun> models) {
        /** Copies the list; rejects {@code null}. */
        public Run {
            Objects.requireNonNull(runId, "runId is null");
            Objects.requireNonNull(pipeline, "pipeline is null");
            models = List.copyOf(models);
        }
    }

    /**
     * {@code RunModelRecord}.
     *
     * @param modelName the model (or table)
     * @param status its status
     * @param durationMs ms
     * @param rowsAffected rows, when known
     */
    public record ModelRun(String modelName, String status, long durationMs, OptionalLong rowsAffected) {
    }
}
