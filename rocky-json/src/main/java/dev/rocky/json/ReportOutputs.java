package dev.rocky.json;

import dev.rocky.core.report.CiReport;
import dev.rocky.core.report.ModelMetrics;
import dev.rocky.core.report.ReviewStatus;
import dev.rocky.core.report.RunCost;
import dev.rocky.core.report.RunHistory;
import dev.rocky.core.report.StateReport;
import dev.rocky.core.report.TestReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The DTOs of rocky's reporting commands, one nested record per schema (field names in
 * snake_case on the wire; {@link Required} where the schema requires a field and does not allow
 * {@code null}). Only the fields the domain records carry are bound; the rest stay in the raw
 * document.
 */
public final class ReportOutputs {

    private ReportOutputs() {
    }

    private static OptionalLong optional(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static OptionalDouble optional(Double v) {
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    /**
     * {@code rocky state} ({@code state.schema.json}).
     *
     * @param command {@code "state"}
     * @param version engine version
     * @param schemaVersionOnDisk nullable
     * @param schemaVersionSupported the binary's state schema version
     * @param watermarks {@code WatermarkEntry[]}
     */
    public record StateOutput(@Required String command, @Required String version, Long schemaVersionOnDisk,
            @Required Long schemaVersionSupported, @Required List<WatermarkEntry> watermarks) {

        /**
         * @param table state key
         * @param lastValue watermark
         * @param updatedAt when written
         */
        public record WatermarkEntry(@Required String table, @Required String lastValue, @Required String updatedAt) {
        }

        /** @return the domain value */
        public StateReport toDomain() {
            return new StateReport(version, optional(schemaVersionOnDisk), schemaVersionSupported, watermarks.stream()
                    .map(w -> new StateReport.Watermark(w.table(), w.lastValue(), w.updatedAt())).toList());
        }
    }

    /**
     * {@code rocky history} ({@code history.schema.json}).
     *
     * @param command {@code "history"}
     * @param version engine version
     * @param count runs listed
     * @param runs {@code RunHistoryRecord[]}
     */
    public record HistoryOutput(@Required String command, @Required String version, @Required Long count,
            @Required List<RunHistoryRecord> runs) {

        /**
         * @param runId id
         * @param startedAt RFC 3339
         * @param status status
         * @param trigger trigger
         * @param durationMs ms
         * @param modelsExecuted models executed
         * @param pipeline nullable
         * @param models {@code RunModelRecord[]}
         */
        public record RunHistoryRecord(@Required String runId, @Required String startedAt, @Required String status,
                @Required String trigger, @Required Long durationMs, @Required Long modelsExecuted, String pipeline,
                @Required List<RunModelRecord> models) {
        }

        /**
         * @param modelName model
         * @param status status
         * @param durationMs ms
         * @param rowsAffected nullable
         */
        public record RunModelRecord(@Required String modelName, @Required String status, @Required Long durationMs, Long rowsAffected) {
        }

        /** @return the domain value */
        public RunHistory toDomain() {
            return new RunHistory(version, runs.stream().map(r -> new RunHistory.Run(r.runId(), r.startedAt(), r.status(), r.trigger(),
                    r.durationMs(), r.modelsExecuted(), Optional.ofNullable(r.pipeline()), r.models().stream()
                            .map(m -> new RunHistory.ModelRun(m.modelName(), m.status(), m.durationMs(), optional(m.rowsAffected())))
                            .toList())).toList());
        }
    }

    /**
     * {@code rocky metrics} ({@code metrics.schema.json}).
     *
     * @param command {@code "metrics"}
     * @param version engine version
     * @param model the model
     * @param count snapshots listed
     * @param snapshots {@code MetricsSnapshotEntry[]}
     * @param alerts {@code MetricsAlert[]}, absent without {@code --alerts}
     * @param column nullable
     * @param columnTrend {@code ColumnTrendPoint[]}, absent without {@code --column}
     * @param message nullable
     */
    public record MetricsOutput(@Required String command, @Required String version, @Required String model, @Required Long count,
            @Required List<MetricsSnapshotEntry> snapshots, List<MetricsAlert> alerts, String column, List<ColumnTrendPoint> columnTrend,
            String message) {

        /**
         * @param runId run
         * @param timestamp RFC 3339
         * @param rowCount rows
         * @param nullRates per column
         * @param freshnessLagSeconds nullable
         */
        public record MetricsSnapshotEntry(@Required String runId, @Required String timestamp, @Required Long rowCount,
                @Required Map<String, Double> nullRates, Long freshnessLagSeconds) {
        }

        /**
         * @param type kind
         * @param severity severity
         * @param message message
         * @param runId run
         * @param column nullable
         */
        public record MetricsAlert(@Required String type, @Required String severity, @Required String message, @Required String runId,
                String column) {
        }

        /**
         * @param runId run
         * @param timestamp RFC 3339
         * @param rowCount rows
         * @param nullRate nullable
         */
        public record ColumnTrendPoint(@Required String runId, @Required String timestamp, @Required Long rowCount, Double nullRate) {
        }

        /** @return the domain value */
        public ModelMetrics toDomain() {
            return new ModelMetrics(version, model, snapshots.stream().map(s -> new ModelMetrics.Snapshot(s.runId(), s.timestamp(),
                    s.rowCount(), s.nullRates(), optional(s.freshnessLagSeconds()))).toList(),
                    list(alerts).stream().map(a -> new ModelMetrics.Alert(a.type(), a.severity(), a.message(), a.runId(),
                            Optional.ofNullable(a.column()))).toList(), Optional.ofNullable(column),
                    list(columnTrend).stream().map(p -> new ModelMetrics.TrendPoint(p.runId(), p.timestamp(), p.rowCount(),
                            optional(p.nullRate()))).toList(), Optional.ofNullable(message));
        }
    }

    /**
     * {@code rocky cost} ({@code cost.schema.json}).
     *
     * @param command {@code "cost"}
     * @param version engine version
     * @param runId run
     * @param status status
     * @param trigger trigger
     * @param startedAt RFC 3339
     * @param finishedAt RFC 3339
     * @param durationMs ms
     * @param totalDurationMs ms
     * @param totalCostUsd nullable
     * @param adapterType nullable
     * @param perModel {@code PerModelCostHistorical[]}
     */
    public record CostOutput(@Required String command, @Required String version, @Required String runId, @Required String status,
            @Required String trigger, @Required String startedAt, @Required String finishedAt, @Required Long durationMs,
            @Required Long totalDurationMs, Double totalCostUsd, String adapterType, @Required List<PerModelCostHistorical> perModel) {

        /**
         * @param modelName model
         * @param status status
         * @param durationMs ms
         * @param costUsd nullable
         * @param rowsAffected nullable
         * @param bytesScanned nullable
         * @param bytesWritten nullable
         * @param tenant nullable
         */
        public record PerModelCostHistorical(@Required String modelName, @Required String status, @Required Long durationMs,
                Double costUsd, Long rowsAffected, Long bytesScanned, Long bytesWritten, String tenant) {
        }

        /** @return the domain value */
        public RunCost toDomain() {
            return new RunCost(version, runId, status, trigger, startedAt, finishedAt, durationMs, totalDurationMs, optional(totalCostUsd),
                    Optional.ofNullable(adapterType), perModel.stream().map(m -> new RunCost.ModelCost(m.modelName(), m.status(),
                            m.durationMs(), optional(m.costUsd()), optional(m.rowsAffected()), optional(m.bytesScanned()),
                            optional(m.bytesWritten()), Optional.ofNullable(m.tenant()))).toList());
        }
    }

    /**
     * {@code rocky test} ({@code test.schema.json}).
     *
     * @param command {@code "test"}
     * @param version engine version
     * @param total tests
     * @param passed passed
     * @param failed failed
     * @param failures {@code TestFailure[]}
     * @param modelResults {@code ModelTestResult[]}, absent in older engines
     */
    public record TestOutput(@Required String command, @Required String version, @Required Long total, @Required Long passed,
            @Required Long failed, @Required List<TestFailure> failures, List<ModelTestResult> modelResults) {

        /**
         * @param name test
         * @param error why
         */
        public record TestFailure(@Required String name, @Required String error) {
        }

        /**
         * @param model model
         * @param status status
         * @param error nullable
         */
        public record ModelTestResult(@Required String model, @Required String status, String error) {
        }

        /**
         * @param exitCode the process exit code
         * @return the domain value
         */
        public TestReport toDomain(int exitCode) {
            return new TestReport(version, total, passed, failed, failures.stream().map(f -> new TestReport.Failure(f.name(), f.error()))
                    .toList(), list(modelResults).stream().map(m -> new TestReport.ModelResult(m.model(), m.status(),
                            Optional.ofNullable(m.error()))).toList(), exitCode);
        }
    }

    /**
     * {@code rocky ci} ({@code ci.schema.json}).
     *
     * @param command {@code "ci"}
     * @param version engine version
     * @param compileOk compiled
     * @param testsOk tests passed
     * @param modelsCompiled models
     * @param testsPassed passed
     * @param testsFailed failed
     * @param exitCode the exit code the document reports
     * @param failures {@code TestFailure[]}
     * @param diagnostics {@code Diagnostic[]}
     */
    public record CiOutput(@Required String command, @Required String version, @Required Boolean compileOk, @Required Boolean testsOk,
            @Required Long modelsCompiled, @Required Long testsPassed, @Required Long testsFailed, @Required Long exitCode,
            @Required List<TestFailure> failures, @Required List<Diagnostic> diagnostics) {

        /**
         * @param name test
         * @param error why
         */
        public record TestFailure(@Required String name, @Required String error) {
        }

        /**
         * @param severity Error, Warning or Info
         * @param code code
         * @param model model
         * @param message message
         */
        public record Diagnostic(@Required String severity, @Required String code, @Required String model, @Required String message) {
        }

        /**
         * @param processExit the process exit code
         * @return the domain value
         */
        public CiReport toDomain(int processExit) {
            return new CiReport(version, compileOk, testsOk, modelsCompiled, testsPassed, testsFailed, exitCode.intValue(),
                    failures.stream().map(f -> new TestReport.Failure(f.name(), f.error())).toList(),
                    diagnostics.stream().map(d -> new CiReport.Diagnostic(d.severity(), d.code(), d.model(), d.message())).toList(),
                    processExit);
        }
    }

    /**
     * {@code rocky review <plan_id> --status} ({@code review_status.schema.json}).
     *
     * @param command {@code "review_status"}
     * @param version engine version
     * @param planId plan
     * @param kind plan kind
     * @param reviewed signed off
     * @param reviewedAt nullable
     * @param approver nullable
     * @param specDigest nullable
     * @param breakingChangeCount nullable
     */
    public record ReviewStatusOutput(@Required String command, @Required String version, @Required String planId, @Required String kind,
            @Required Boolean reviewed, String reviewedAt, ApproverIdentity approver, String specDigest, Long breakingChangeCount) {

        /**
         * @param email e-mail
         * @param host host
         * @param source local, ci_oidc or pat
         */
        public record ApproverIdentity(@Required String email, @Required String host, @Required String source) {
        }

        /** @return the domain value */
        public ReviewStatus toDomain() {
            return new ReviewStatus(version, planId, kind, reviewed, Optional.ofNullable(reviewedAt),
                    Optional.ofNullable(approver).map(ApproverIdentity::email), Optional.ofNullable(specDigest),
                    optional(breakingChangeCount));
        }
    }

    /**
     * {@code rocky history --model} ({@code model_history.schema.json}).
     *
     * @param command {@code "history"}
     * @param version engine version
     * @param model the model
     * @param count executions listed
     * @param executions {@code ModelExecutionRecord[]}
     */
    public record ModelHistoryOutput(@Required String command, @Required String version, @Required String model, @Required Long count,
            @Required List<ModelExecutionRecord> executions) {

        /**
         * @param startedAt RFC 3339
         * @param status status
         * @param durationMs ms
         * @param sqlHash SQL hash
         * @param rowsAffected nullable
         */
        public record ModelExecutionRecord(@Required String startedAt, @Required String status, @Required Long durationMs,
                @Required String sqlHash, Long rowsAffected) {
        }

        /** @return the domain value */
        public dev.rocky.core.report.ModelHistory toDomain() {
            return new dev.rocky.core.report.ModelHistory(version, model, executions.stream().map(e ->
                    new dev.rocky.core.report.ModelHistory.Execution(e.startedAt(), e.status(), e.durationMs(), e.sqlHash(),
                            optional(e.rowsAffected()))).toList());
        }
    }

    /**
     * {@code rocky lineage --column} ({@code column_lineage.schema.json}).
     *
     * @param command {@code "lineage"}
     * @param version engine version
     * @param model the model
     * @param column the column
     * @param direction upstream or downstream
     * @param trace {@code LineageEdgeRecord[]}
     * @param downstreamConsumers {@code LineageQualifiedColumn[]}, absent upstream
     */
    public record ColumnLineageOutput(@Required String command, @Required String version, @Required String model,
            @Required String column, @Required String direction, @Required List<LineageEdgeRecord> trace,
            List<LineageQualifiedColumn> downstreamConsumers) {

        /**
         * @param model model
         * @param column column
         */
        public record LineageQualifiedColumn(@Required String model, @Required String column) {
        }

        /**
         * @param source source column
         * @param target target column
         * @param transform how
         */
        public record LineageEdgeRecord(@Required LineageQualifiedColumn source, @Required LineageQualifiedColumn target,
                @Required String transform) {
        }

        /** @return the domain value */
        public dev.rocky.core.report.ColumnTrace toDomain() {
            return new dev.rocky.core.report.ColumnTrace(version, model, column, direction, trace.stream().map(e ->
                    new dev.rocky.core.report.ColumnTrace.Edge(column(e.source()), column(e.target()), e.transform())).toList(),
                    list(downstreamConsumers).stream().map(ColumnLineageOutput::column).toList());
        }

        private static dev.rocky.core.report.ColumnTrace.Column column(LineageQualifiedColumn c) {
            return new dev.rocky.core.report.ColumnTrace.Column(c.model(), c.column());
        }
    }

    /**
     * {@code rocky run --dag} ({@code dag_run.schema.json}).
     *
     * @param command {@code "run"}
     * @param version engine version
     * @param totalNodes nodes
     * @param totalLayers layers
     * @param completed completed
     * @param failed failed
     * @param skipped skipped
     * @param durationMs ms
     * @param nodes {@code DagRunNodeOutput[]}
     * @param warnings absent when none
     */
    public record DagRunOutput(@Required String command, @Required String version, @Required Long totalNodes, @Required Long totalLayers,
            @Required Long completed, @Required Long failed, @Required Long skipped, @Required Long durationMs,
            @Required List<DagRunNodeOutput> nodes, List<String> warnings) {

        /**
         * @param id node id
         * @param kind kind
         * @param label label
         * @param layer layer
         * @param status status
         * @param durationMs ms
         * @param error nullable
         */
        public record DagRunNodeOutput(@Required String id, @Required String kind, @Required String label, @Required Long layer,
                @Required String status, @Required Long durationMs, String error) {
        }

        /**
         * @param exitCode the process exit code
         * @return the domain value
         */
        public dev.rocky.core.report.DagRun toDomain(int exitCode) {
            return new dev.rocky.core.report.DagRun(version, totalNodes, totalLayers, completed, failed, skipped, durationMs,
                    nodes.stream().map(n -> new dev.rocky.core.report.DagRun.Node(n.id(), n.kind(), n.label(), n.layer(), n.status(),
                            n.durationMs(), Optional.ofNullable(n.error()))).toList(), list(warnings), exitCode);
        }
    }
}
