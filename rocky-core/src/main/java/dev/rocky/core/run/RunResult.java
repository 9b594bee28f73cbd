package dev.rocky.core.run;

import dev.rocky.core.spec.MetadataValue;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one {@code rocky run} (or {@code rocky apply} of a run plan) reported: the parts of
 * run.schema.json ({@code RunOutput}) an orchestrator acts on. Keys are the engine's asset keys
 * ({@code [source_type, components…, table]} for replication tables,
 * {@code [catalog, schema, table]} for models), not the orchestrator's.
 *
 * @param status how the run ended
 * @param pipelineType {@code pipeline_type}, e.g. {@code replication}, when printed
 * @param filter the {@code --filter} it ran with, empty when none
 * @param durationMs wall time in milliseconds
 * @param tablesCopied tables and models materialized
 * @param tablesFailed tables and models that failed, compile failures included
 * @param materializations one per materialized table, model or partition; copied
 * @param checkResults check outcomes per table; copied
 * @param errors one per failed table or model; copied
 * @param driftActions schema-drift actions taken ({@code drift.actions_taken}); copied
 * @param driftTablesChecked {@code drift.tables_checked}: the tables the drift check looked at
 * @param driftTablesDrifted {@code drift.tables_drifted}: how many of them had drifted
 * @param anomalies row-count anomalies; copied
 * @param contained models withheld because an upstream failed; copied
 * @param excludedTables tables the run skipped before copying ({@code excluded_tables}): missing
 *     from the source, disabled by an override, or pruned as unchanged since the last copy; copied
 * @param interrupted whether the run was cancelled by SIGINT
 * @param idempotencyKey the {@code --idempotency-key} echoed back, when one was passed
 * @param planId the plan this run applied, when it went through plan-then-apply
 * @param exitCode the process exit code (0, 1 for Failure, 2 for PartialFailure)
 */
public record RunResult(
        RunStatus status,
        Optional<String> pipelineType,
        String filter,
        long durationMs,
        long tablesCopied,
        long tablesFailed,
        List<Materialization> materializations,
        List<TableChecks> checkResults,
        List<TableError> errors,
        List<DriftAction> driftActions,
        long driftTablesChecked,
        long driftTablesDrifted,
        List<Anomaly> anomalies,
        List<ContainedModel> contained,
        List<ExcludedTable> excludedTables,
        boolean interrupted,
        Optional<String> idempotencyKey,
        Optional<String> planId,
        int exitCode) {

    /** The cooldown assumed for a quota failure whose error carries no {@code cooldown_seconds}: 300 s. */
    public static final long DEFAULT_QUOTA_COOLDOWN_SECONDS = 300;

    /** Copies lists; rejects {@code null}. */
    public RunResult {
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(pipelineType, "pipelineType is null");
        Objects.requireNonNull(filter, "filter is null");
        materializations = List.copyOf(materializations);
        checkResults = List.copyOf(checkResults);
        errors = List.copyOf(errors);
        driftActions = List.copyOf(driftActions);
        anomalies = List.copyOf(anomalies);
        contained = List.copyOf(contained);
        excludedTables = List.copyOf(excludedTables);
        Objects.requireNonNull(idempotencyKey, "idempotencyKey is null");
        Objects.requireNonNull(planId, "planId is null");
    }

    /**
     * A result without excluded tables (the shape before {@code excluded_tables} was read).
     *
     * @see #RunResult(RunStatus, Optional, String, long, long, long, List, List, List, List, long, long, List, List, List,
     *     boolean, Optional, Optional, int)
     */
    public RunResult(RunStatus status, Optional<String> pipelineType, String filter, long durationMs, long tablesCopied,
            long tablesFailed, List<Materialization> materializations, List<TableChecks> checkResults, List<TableError> errors,
            List<DriftAction> driftActions, long driftTablesChecked, long driftTablesDrifted, List<Anomaly> anomalies,
            List<ContainedModel> contained, boolean interrupted, Optional<String> idempotencyKey, Optional<String> planId,
            int exitCode) {
        this(status, pipelineType, filter, durationMs, tablesCopied, tablesFailed, materializations, checkResults, errors,
                driftActions, driftTablesChecked, driftTablesDrifted, anomalies, contained, List.of(), interrupted, idempotencyKey,
                planId, exitCode);
    }

    /**
     * @param id the plan id this run applied
     * @return this result carrying the plan id
     */
    public RunResult withPlanId(String id) {
        return new RunResult(status, pipelineType, filter, durationMs, tablesCopied, tablesFailed, materializations, checkResults,
                errors, driftActions, driftTablesChecked, driftTablesDrifted, anomalies, contained, excludedTables, interrupted,
                idempotencyKey, Optional.of(id), exitCode);
    }

    /**
     * The reference's rule ({@code _quota_breach_cooldown}): the largest populated
     * {@code cooldown_seconds} of the quota-exceeded errors, {@value #DEFAULT_QUOTA_COOLDOWN_SECONDS}
     * only when none of them carries one.
     *
     * @return when some error is {@link FailureKind#QUOTA_EXCEEDED}, how long to wait before a
     *     retry, in seconds; empty otherwise
     */
    public OptionalLong quotaRetryAfterSeconds() {
        return retryAfter(errors.stream().filter(e -> e.failureKind() == FailureKind.QUOTA_EXCEEDED)
                .map(TableError::cooldownSeconds).toList());
    }

    /**
     * @param cooldowns the cooldowns of the quota breaches, each populated or not
     * @return the largest populated one, {@value #DEFAULT_QUOTA_COOLDOWN_SECONDS} when none is
     *     populated, empty when there is no breach
     */
    public static OptionalLong retryAfter(List<OptionalLong> cooldowns) {
        if (cooldowns.isEmpty()) {
            return OptionalLong.empty();
        }
        long wait = -1;
        for (OptionalLong c : cooldowns) {
            if (c.isPresent()) {
                wait = Math.max(wait, c.getAsLong());
            }
        }
        return OptionalLong.of(wait < 0 ? DEFAULT_QUOTA_COOLDOWN_SECONDS : wait);
    }

    /**
     * One materialized table, model or partition ({@code MaterializationOutput}).
     *
     * @param assetKey the engine's asset key; copied
     * @param rowsCopied rows written, when the engine counted them
     * @param durationMs how long it took, in milliseconds
     * @param startedAt when it started (RFC 3339)
     * @param strategy {@code metadata.strategy}, e.g. {@code full_refresh}
     * @param watermark {@code metadata.watermark} (RFC 3339), when set
     * @param targetTableFullName {@code metadata.target_table_full_name}, {@code catalog.schema.table}
     * @param sqlHash {@code metadata.sql_hash}, 16 hex digits, when set
     * @param columnCount {@code metadata.column_count}, when set
     * @param compileTimeMs {@code metadata.compile_time_ms}, when set
     * @param partition the partition it wrote, for time-interval models
     */
    public record Materialization(List<String> assetKey, OptionalLong rowsCopied, long durationMs, String startedAt, String strategy,
            Optional<String> watermark, Optional<String> targetTableFullName, Optional<String> sqlHash, OptionalLong columnCount,
            OptionalLong compileTimeMs, Optional<Partition> partition) {

        /** Copies the key; rejects {@code null}. */
        public Materialization {
            assetKey = List.copyOf(assetKey);
            Objects.requireNonNull(rowsCopied, "rowsCopied is null");
            Objects.requireNonNull(startedAt, "startedAt is null");
            Objects.requireNonNull(strategy, "strategy is null");
            Objects.requireNonNull(watermark, "watermark is null");
            Objects.requireNonNull(targetTableFullName, "targetTableFullName is null");
            Objects.requireNonNull(sqlHash, "sqlHash is null");
            Objects.requireNonNull(columnCount, "columnCount is null");
            Objects.requireNonNull(compileTimeMs, "compileTimeMs is null");
            Objects.requireNonNull(partition, "partition is null");
        }
    }

    /**
     * The partition a materialization wrote ({@code PartitionInfo}).
     *
     * @param key the partition key in rocky's canonical form, e.g. {@code 2026-04-07}
     * @param start the window's start (RFC 3339, inclusive)
     * @param end the window's end (RFC 3339, exclusive)
     */
    public record Partition(String key, String start, String end) {
        /** Rejects {@code null}. */
        public Partition {
            Objects.requireNonNull(key, "key is null");
            Objects.requireNonNull(start, "start is null");
            Objects.requireNonNull(end, "end is null");
        }
    }

    /**
     * A failed table or model ({@code TableErrorOutput}).
     *
     * @param assetKey the engine's asset key; copied
     * @param error the engine's message
     * @param failureKind why it failed
     * @param cooldownSeconds how long to wait before a retry, when the engine says
     */
    public record TableError(List<String> assetKey, String error, FailureKind failureKind, OptionalLong cooldownSeconds) {
        /** Copies the key; rejects {@code null}. */
        public TableError {
            assetKey = List.copyOf(assetKey);
            Objects.requireNonNull(error, "error is null");
            Objects.requireNonNull(failureKind, "failureKind is null");
            Objects.requireNonNull(cooldownSeconds, "cooldownSeconds is null");
        }
    }

    /**
     * The checks one table ran ({@code TableCheckOutput}).
     *
     * @param assetKey the engine's asset key; copied
     * @param checks the outcomes; copied
     */
    public record TableChecks(List<String> assetKey, List<CheckOutcome> checks) {
        /** Copies lists. */
        public TableChecks {
            assetKey = List.copyOf(assetKey);
            checks = List.copyOf(checks);
        }
    }

    /**
     * One check outcome ({@code CheckResult}).
     *
     * @param name the check's name, e.g. {@code row_count}
     * @param passed whether it passed
     * @param severity how much a failure matters
     * @param details the check's own fields (e.g. {@code source_count}, {@code target_count}), in
     *     printed order; copied
     */
    public record CheckOutcome(String name, boolean passed, CheckSeverity severity, Map<String, MetadataValue> details) {
        /**
         * Copies the details, keeping order, into the immutable form a check result's metadata
         * takes ({@link dev.rocky.core.spec.Maps#orderedCopy}), so that the result shares them
         * instead of copying them again; rejects {@code null}, a {@code null} key or value included.
         */
        public CheckOutcome {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(severity, "severity is null");
            details = dev.rocky.core.spec.Maps.orderedCopy(details);
        }
    }

    /**
     * A schema-drift action ({@code DriftActionOutput}).
     *
     * @param table the table, as rocky names it ({@code catalog.schema.table})
     * @param action what rocky did, e.g. {@code drop_and_recreate}
     * @param reason why
     */
    public record DriftAction(String table, String action, String reason) {
        /** Rejects {@code null}. */
        public DriftAction {
            Objects.requireNonNull(table, "table is null");
            Objects.requireNonNull(action, "action is null");
            Objects.requireNonNull(reason, "reason is null");
        }
    }

    /**
     * A row-count anomaly ({@code AnomalyOutput}).
     *
     * @param table the table, as rocky names it
     * @param currentCount the row count this run saw
     * @param baselineAvg the historical average
     * @param deviationPct the deviation from the average, in percent
     * @param reason rocky's explanation
     */
    public record Anomaly(String table, long currentCount, double baselineAvg, double deviationPct, String reason) {
        /** Rejects {@code null}. */
        public Anomaly {
            Objects.requireNonNull(table, "table is null");
            Objects.requireNonNull(reason, "reason is null");
        }
    }

    /**
     * A model withheld because an upstream failed ({@code ContainedModelOutput}).
     *
     * @param model the model's name
     * @param blockedBy the failed (or withheld) upstream models; copied
     * @param unblockHint what rocky suggests
     */
    public record ContainedModel(String model, List<String> blockedBy, String unblockHint) {
        /** Copies the list; rejects {@code null}. */
        public ContainedModel {
            Objects.requireNonNull(model, "model is null");
            blockedBy = List.copyOf(blockedBy);
            Objects.requireNonNull(unblockHint, "unblockHint is null");
        }
    }

    /**
     * A table the run skipped before copying ({@code ExcludedTableOutput}).
     *
     * @param assetKey the engine key, {@code [source_type, components…, table]}; copied
     * @param reason why: {@code missing_from_source}, {@code table_override_disabled},
     *     {@link #UNCHANGED_SINCE_LAST_COPY}, or a reason a newer engine adds
     * @param sourceSchema the source schema it was expected in
     * @param tableName the bare table name
     */
    public record ExcludedTable(List<String> assetKey, String reason, String sourceSchema, String tableName) {

        /** The reason rocky gives for a table {@code prune_unchanged} skipped because its source is unchanged. */
        public static final String UNCHANGED_SINCE_LAST_COPY = "unchanged_since_last_copy";

        /** Copies the key; rejects {@code null}. */
        public ExcludedTable {
            assetKey = List.copyOf(assetKey);
            Objects.requireNonNull(reason, "reason is null");
            Objects.requireNonNull(sourceSchema, "sourceSchema is null");
            Objects.requireNonNull(tableName, "tableName is null");
        }

        /** @return whether rocky pruned it as unchanged since its last copy */
        public boolean prunedUnchanged() {
            return reason.equals(UNCHANGED_SINCE_LAST_COPY);
        }
    }
}
