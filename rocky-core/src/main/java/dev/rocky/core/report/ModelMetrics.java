package dev.rocky.core.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * {@code rocky metrics <model> [--trend] [--column <c>] [--alerts]} (schema
 * {@code metrics.schema.json}, {@code MetricsOutput}): a model's quality snapshots.
 *
 * @param version engine version
 * @param model the model
 * @param snapshots one per recorded run; copied
 * @param alerts with {@code --alerts}; copied
 * @param column the column of {@code --column}, when given
 * @param columnTrend with {@code --column}: the column's null rate per run; copied
 * @param message the engine's note (e.g. no snapshots yet), when any
 */
public record ModelMetrics(String version, String model, List<Snapshot> snapshots, List<Alert> alerts, Optional<String> column,
        List<TrendPoint> columnTrend, Optional<String> message) {

    /** Copies lists; rejects {@code null}. */
    public ModelMetrics {
        Objects.requireNonNull(model, "model is null");
        snapshots = List.copyOf(snapshots);
        alerts = List.copyOf(alerts);
        Objects.requireNonNull(column, "column is null");
        columnTrend = List.copyOf(columnTrend);
        Objects.requireNonNull(message, "message is null");
    }

    /**
     * {@code MetricsSnapshotEntry}.
     *
     * @param runId the run
     * @param timestamp RFC 3339
     * @param rowCount rows
     * @param nullRates null rate (0 to 1) per column; copied
     * @param freshnessLagSeconds freshness lag in seconds, when measured
     */
    public record Snapshot(String runId, String timestamp, long rowCount, Map<String, Double> nullRates,
            OptionalLong freshnessLagSeconds) {
        /** Copies the map. */
        public Snapshot {
            nullRates = Map.copyOf(nullRates);
        }
    }

    /**
     * {@code MetricsAlert}.
     *
     * @param type the alert's kind
     * @param severity its severity as the engine wrote it
     * @param message what it says
     * @param runId the run it is about
     * @param column the column, when it is about one
     */
    public record Alert(String type, String severity, String message, String runId, Optional<String> column) {
    }

    /**
     * {@code ColumnTrendPoint}.
     *
     * @param runId the run
     * @param timestamp RFC 3339
     * @param rowCount rows
     * @param nullRate the column's null rate, when measured
     */
    public record TrendPoint(String runId, String timestamp, long rowCount, OptionalDouble nullRate) {
    }
}
